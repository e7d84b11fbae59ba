"""The text layer of every PDF we print: scripts, bidi/shaping, word wrap, fonts, paragraphs.

``scripts`` says which writing system a character belongs to; ``fonts`` registers one TrueType font
per script with reportlab; ``bidi`` puts right-to-left lines in visual order with their letters
joined; ``lines`` measures, wraps and draws lines on a canvas; ``flowables`` makes paragraphs for
platypus documents. The packet, the family sheet, the forms and the consent and data-export PDFs all
draw their text through here.
"""
