"""Text parsers and word lists that both paths share (the text path's role rules and the HTML path's
block features): facts about a piece of text, knowing nothing of segments, pages or rules."""
