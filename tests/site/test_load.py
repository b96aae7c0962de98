"""The load test in its short form: the same code as `make load`, with fewer clients, briefly.

The site runs under gunicorn with production settings on a PostgreSQL database of this run's
own (see served_site_environment); `make load` runs 50 clients for 60 seconds.
"""

import pytest

from tests.support.load import load_gunicorn_start, loadtest_run

pytestmark = pytest.mark.slow
CLIENTS = 10
SECONDS = 5


@pytest.fixture(scope="module")
def load_site(served_site_environment, tmp_path_factory):
    server = load_gunicorn_start(
        env=served_site_environment, log=tmp_path_factory.mktemp("load") / "gunicorn.log"
    )
    yield server
    server.stop()


def test_ten_visitors_reading_and_completing_the_screener_meet_no_error(load_site):
    report = loadtest_run(port=load_site.port, clients=CLIENTS, seconds=SECONDS)
    summary = "\n".join(report.lines())
    assert report.errors == [], summary
    assert report.page_views >= CLIENTS, summary
    # Every visitor starts a journey within the time and finishes it (30 s of grace).
    assert report.journeys >= CLIENTS, summary
    assert set(report.statuses) <= {200, 302}, summary
    log = load_site.log.read_text()
    assert '"status": 500' not in log
    assert log.count('"path": "/screener/summary/"') >= CLIENTS, "the server saw the summaries"
