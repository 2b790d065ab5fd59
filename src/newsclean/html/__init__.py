"""The HTML path: parse once with selectolax, lift captions, embeds and comments out as fields, prune
the page's furniture, extract body and metadata with trafilatura from what is left, then run the text
path's line rules over the extracted paragraphs as a second line of defence."""

from newsclean.html.pipeline import clean_html

__all__ = ["clean_html"]
