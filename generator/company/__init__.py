"""Company templates: a Word template filled from our view models, checked before use; our
documents in a company's look.

    word.py         fill a company .docx (docxtpl) from the same context the built-in documents see
    package.py      a .docx opened for docxtpl, part by part; failures named by place
    environment.py  the sandboxed Jinja2 environment for Word templates (plain-text filters)
    locate.py       where a tag stands in a .docx: part, paragraph, text
    lint.py         `templates lint`: unknown names and filters, syntax, unclosed blocks, unsafe code
    names.py        the names a template may use and what they mean (`templates vars`)
    fonts.py        the East Asian font slot of a filled or restyled document
    reference.py    `--reference-docx`: a company file's styles, page, header and footer on our DOCX
    branding.py     `[branding]`: company name, logo, accent colour, confidentiality line
    config.py       which templates a run uses: options, campaign-docs.toml, a template folder
    export.py       `templates export`: our templates and our look to start from
"""
