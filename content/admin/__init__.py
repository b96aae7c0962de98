"""Staff editing of the educational pages, split by concern.

- forms.py: the page form (with its edit-conflict check)
- page_admin.py: the page list and change form, and who may do what there
- filters.py: the page list's filters (review due, workflow state)
- page_views.py: the page's own screens (preview, deleted pages); the workflow's screens
  (review, submit, discard, history, restore) are editorial.admin.EditorialAdmin's
- home_admin.py: the home page's text, through the same workflow
- editor.py: the Markdown editor with its toolbar and live preview
- dashboard.py: what the admin home page lists (reviews waiting, reviews due, schedules)
"""

from . import home_admin, page_admin  # noqa: F401  (registers the admin classes)
