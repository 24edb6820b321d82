"""Company templates: a Word template filled from our view models, checked before use.

    word.py         fill a company .docx (docxtpl) from the same context the built-in documents see
    environment.py  the sandboxed Jinja2 environment for Word templates (plain-text filters)
    lint.py         `templates lint`: unknown names and filters, syntax, unclosed blocks, unsafe code
    package.py      a .docx opened for docxtpl, part by part; failures named by place
    locate.py       where a tag stands in a .docx: part, paragraph, text
    names.py        the names a template may use and what they mean (`templates vars`)
    fonts.py        the East Asian font slot on the filled document's runs
"""
