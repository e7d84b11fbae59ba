"""The family sheet: one large-type page per letter in the family's language, a page of open dates,
and the sheet read aloud (espeak-ng, piped). No Qt.

Entry points: ``content.build_sheet``, ``content.build_deadlines_sheet``, ``render.render_sheet_pdf``,
``speech.speak``, ``store.save_sheet_edit``, ``store.save_recording``.
"""
