"""The reading view: the article as a calm document that takes highlights, notes and tags."""
