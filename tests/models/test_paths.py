"""Library locations: files and PostgreSQL URLs, and how they are shown."""

from models.paths import display_location, is_server_url


def test_a_postgresql_url_is_a_server_and_a_path_is_not(tmp_path):
    assert is_server_url("postgresql://ann@lab.example/news")
    assert is_server_url("postgres://lab.example/news")
    assert not is_server_url(tmp_path / "library.sqlite")
    assert not is_server_url("postgresql.sqlite")


def test_a_password_is_never_shown():
    shown = display_location("postgresql://ann:s3cret@lab.example:5433/news")
    assert "s3cret" not in shown
    assert shown == "postgresql://ann:***@lab.example:5433/news"


def test_a_url_without_password_and_a_file_show_unchanged(tmp_path):
    assert display_location("postgresql://ann@lab/news") == "postgresql://ann@lab/news"
    assert display_location(tmp_path / "a.sqlite") == str(tmp_path / "a.sqlite")
