"""Code the tests share with each other and with the commands in scripts/.

http: the one HTTP client (a visitor's cookies, forms, timings) for a site on 127.0.0.1.
servers: production-settings processes: manage.py, collected static files, gunicorn.
databases: PostgreSQL databases of a run's own, created and dropped.
throwaway: PostgreSQL and Redis servers of a test's own, for tests that stop them.
staff: staff signed in with their second factor; an authenticator app's codes.
journeys: what a visitor does: the screener's answers and a whole journey through it.
load: many visitors at once, as `make load` and tests/site/test_load.py run them.
languages: addresses and words in a language; the text a page shows in its own language.
"""
