"""Random damage to valid files, shared by the importers' fuzz tests."""

from hypothesis import strategies as st


@st.composite
def mutated(
    draw: st.DrawFn, original: bytes, *, edits: int = 4, span: int = 64, insert: int = 16
) -> bytes:
    """The original after a few random cuts, deletions, insertions and byte flips."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, edits))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["truncate", "delete", "insert", "flip"]))
        if action == "truncate":
            del data[at:]
        elif action == "delete":
            del data[at : at + draw(st.integers(1, span))]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=insert))
        elif data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
    return bytes(data)
