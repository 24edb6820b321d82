"""campaign-docs: campaign plans, schedule sheets and review reports from one answers file.

Kept import-free on purpose: `campaign-docs --help` must not pay for WeasyPrint,
matplotlib or pydantic. Import the stage you need (`generator.generate`, ...).
"""

__version__ = "0.1.0"
