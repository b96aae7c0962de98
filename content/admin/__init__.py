"""Staff editing of the educational pages, split by concern.

- forms.py: the page form (with its edit-conflict check) and the workflow's small forms
- page_admin.py: the page list and change form, and who may do what there
- filters.py: the page list's filters (review due, workflow state)
- page_views.py: the extra screens (preview, review, submit, discard, history, revert)
- editor.py: the Markdown editor with its toolbar and live preview
- dashboard.py: what the admin home page lists (reviews waiting, reviews due, schedules)
"""

from . import page_admin  # noqa: F401  (registers the admin classes)
