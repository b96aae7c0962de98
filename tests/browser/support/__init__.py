"""What the browser tests share, one module a behaviour.

crawl: which pages are public. navigation: loading a page and waiting for the next one.
browser_log: what the browser requested and wrote to its console. axe: axe-core's WCAG checks.
layout: sideways scrolling and clipped text at a window width. screenshots: full-page images to
look at. keyboard: key presses, focus and its visibility. checks: one state of a journey checked
whole, and one failure listing every page's problems. screener: the screener's pages, words
and walks, in English or Spanish. timeout_warning: the dialog before the answers expire.
quick_exit: Exit this page, and nothing shown afterwards.
"""
