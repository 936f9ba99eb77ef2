"""The HTML report: :mod:`.pipeline` gathers what it shows, the other modules lay it out.

:mod:`.pipeline` lints the service, measures its data, reads the surveys and
judges the standards; :mod:`.layout` turns those inputs into one
self-contained page from :mod:`.parts` (tables), :mod:`.charts` (survey
charts), :mod:`.blueprint_section` (the blueprint, page by page) and
:mod:`.service_types` (the service-type diagnosis), and computes nothing.
"""
