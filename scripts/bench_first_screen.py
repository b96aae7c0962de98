"""What a phone downloads for a page's first screen, its layout shift and its Lighthouse score
(scripts/bench.py prints them).

The first screen is measured in Chromium itself, at 390 by 844 CSS pixels and a device pixel
ratio of 3 (a current iPhone): the bytes of every response the page load fetched (HTML, CSS, JS
and the image Chromium chose from the srcset, as sent), from the browser's own resource timing,
and the layout shift it recorded. Lighthouse (from npm, installed by `make bench` into
var/lighthouse) scores the page as a mid-range phone on a slow 4G connection, simulated, so it
needs no network beyond 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from tests.support.servers import PROJECT_ROOT

WIDTH, HEIGHT, PIXEL_RATIO = 390, 844, 3
# What the first screen of a page may download, in KB as sent: on the slow 4G connection
# Lighthouse simulates (1.6 Mbit/s), 170 KB takes under a second.
BUDGET_KB = 170
LIGHTHOUSE_FLOOR = 0.95
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_VERSION = "12.8.2"  # the newest that runs on Debian's Node 20
LIGHTHOUSE = PROJECT_ROOT / "var" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# Nothing Chromium fetches on its own: no updates, no safe-browsing lists, no sign-in.
QUIET_CHROMIUM = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
)

# The photo put on "What to expect" in the bench's own database (scripts/bench.py).
PHOTO_TITLE = "Treatment room (benchmark photo)"
PHOTO_ALT = "A reclining chair by a window in the treatment room."
PHOTO_PAGE_SLUG = "what-to-expect"
PHOTO_SCRIPT = """
import os
from django.core.files.uploadedfile import SimpleUploadedFile
from content.models import HomePage, Page
from images.models import Image
from images.services import image_upload_clean

image = Image.objects.filter(title=os.environ["BENCH_PHOTO_TITLE"]).first()
if image is None:
    with open(os.environ["BENCH_PHOTO"], "rb") as photo:
        upload = SimpleUploadedFile("treatment-room.jpg", photo.read())
    image = Image.objects.create(
        title=os.environ["BENCH_PHOTO_TITLE"],
        alt_text=os.environ["BENCH_PHOTO_ALT"],
        file=image_upload_clean(upload=upload),
    )
page = Page.objects.get(slug=os.environ["BENCH_PHOTO_PAGE"], language="en")
if f"(image:{image.pk})" not in page.body:
    first, rest = page.body.split("\\n\\n", 1)
    page.body = f"{first}\\n\\n{image.reference}\\n\\n{rest}"
    page.save()
# The home page shows the same photo beside its heading, as a clinic's home page would.
home = HomePage.objects.filter(pk=1).first()
if home is not None and home.photo_id != image.pk:
    home.photo = image
    home.photo_alt_es = "Un sillón reclinable junto a una ventana en la sala de tratamiento."
    home.save()
print(page.get_absolute_url(), image.width, image.height, image.file.size)
"""


def photo_make(path: Path) -> None:
    """A 3000 by 2000 pixel photo of a room, as a phone camera saves it (about 1.1 MB of JPEG):
    a window, a chair, shelves of small things with edges, and sensor noise, so the encoders
    have a real photo's detail to keep (a smooth drawing would shrink to a few KB and flatter
    the budget)."""
    rng = random.Random(26)  # the same photo every run
    width, height = 3000, 2000
    room = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    room = Image.blend(room, Image.new("RGB", (width, height), (196, 180, 160)), 0.6)
    draw = ImageDraw.Draw(room)
    for _ in range(6000):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randrange(4, 40), y + rng.randrange(4, 60))
        colour = tuple(rng.randrange(30, 230) for _ in range(3))
        (draw.rectangle if rng.random() < 0.5 else draw.ellipse)(box, fill=colour)
    draw.rectangle((1900, 250, 2700, 1150), fill=(232, 238, 245))  # the window
    draw.line((2300, 250, 2300, 1150), fill=(120, 110, 100), width=24)
    draw.rounded_rectangle((600, 900, 1600, 1500), 80, fill=(70, 90, 110))  # the chair
    draw.rounded_rectangle((500, 700, 800, 1500), 60, fill=(60, 80, 100))
    room = room.filter(ImageFilter.GaussianBlur(1.5))
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    Image.blend(room, noise, 0.035).save(path, format="JPEG", quality=90)


def photo_insert(*, env: dict[str, str], manage) -> tuple[str, str]:
    """Upload the photo into the library and show it near the top of "What to expect" and beside
    the home page's heading; return the page's path and what was uploaded."""
    with tempfile.TemporaryDirectory() as folder:
        photo = Path(folder) / "treatment-room.jpg"
        photo_make(photo)
        output = manage(
            "shell",
            "-c",
            PHOTO_SCRIPT,
            env={
                **env,
                "BENCH_PHOTO": str(photo),
                "BENCH_PHOTO_TITLE": PHOTO_TITLE,
                "BENCH_PHOTO_ALT": PHOTO_ALT,
                "BENCH_PHOTO_PAGE": PHOTO_PAGE_SLUG,
            },
        )
    path, width, height, size = output.split()[-4:]
    return path, f"a {width} by {height} pixel photo ({int(size) / 1024:.0f} KB as stored)"


@dataclass
class FirstScreen:
    bytes_by_kind: dict[str, int] = field(default_factory=dict)  # html, css, js, image, other
    image: str = ""  # the address Chromium chose from the srcset
    layout_shift: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.values())


def _kind(name: str, initiator: str) -> str:
    address = name.split("?")[0]
    if initiator == "navigation":
        return "html"
    if address.endswith(".css"):
        return "css"
    if address.endswith(".js"):
        return "js"
    if initiator in ("img", "image") or "/media/" in address:
        return "image"
    return "other"


# The layout shifts the page recorded since it started loading, as the CLS metric adds them.
LAYOUT_SHIFT_SCRIPT = """
const done = arguments[arguments.length - 1];
let shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) shift += entry.value;
}).observe({type: "layout-shift", buffered: true});
setTimeout(() => done(shift), 1000);
"""
RESOURCES_SCRIPT = """
return performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
  .map((entry) => [entry.name, entry.initiatorType, entry.encodedBodySize]);
"""


def first_screen(*, url: str) -> FirstScreen:
    """Load the page once in a fresh Chromium at 390 px and say what it fetched."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in QUIET_CHROMIUM:
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": WIDTH, "height": HEIGHT, "pixelRatio": PIXEL_RATIO}},
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(60)
        driver.get(url)
        shift = driver.execute_async_script(LAYOUT_SHIFT_SCRIPT)
        measured = FirstScreen(layout_shift=float(shift))
        for name, initiator, size in driver.execute_script(RESOURCES_SCRIPT):
            kind = _kind(name, initiator)
            measured.bytes_by_kind[kind] = measured.bytes_by_kind.get(kind, 0) + int(size)
        measured.image = driver.execute_script(
            "const img = document.querySelector('main img'); return img ? img.currentSrc : '';"
        )
        return measured
    finally:
        driver.quit()


@dataclass
class LighthouseResult:
    score: float
    layout_shift: float
    largest_paint_ms: float
    blocking_ms: float


def lighthouse_median(
    *, url: str, results_dir: Path, runs: int = LIGHTHOUSE_RUNS
) -> LighthouseResult:
    """The run with the median score of several: Lighthouse's total blocking time counts the
    main thread's long tasks, which a busy shared machine stretches in one run and not the next
    (Lighthouse's own guidance on variability is to take the median of several runs)."""
    results = sorted(
        (lighthouse_run(url=url, results_dir=results_dir) for _ in range(runs)),
        key=lambda result: result.score,
    )
    return results[len(results) // 2]


def lighthouse_run(*, url: str, results_dir: Path, attempts: int = 3) -> LighthouseResult:
    """One Lighthouse run; tried again when Lighthouse itself fails (on a busy machine it
    sometimes loses the trace of the page load: "NO_NAVSTART")."""
    failure = None
    for _ in range(attempts):
        try:
            return lighthouse_once(url=url, results_dir=results_dir)
        except RuntimeError as error:
            failure = error
    raise failure


def lighthouse_once(*, url: str, results_dir: Path) -> LighthouseResult:
    """Lighthouse's mobile performance audit of the page (its default: a Moto G Power on slow
    4G, simulated), offline."""
    report = results_dir / "lighthouse.json"
    run = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
            "--disable-full-page-screenshot",
            f"--chrome-flags={' '.join(QUIET_CHROMIUM)}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if run.returncode != 0 or not report.exists():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    data = json.loads(report.read_text())
    report.unlink()
    audits = data["audits"]
    return LighthouseResult(
        score=data["categories"]["performance"]["score"],
        layout_shift=audits["cumulative-layout-shift"]["numericValue"],
        largest_paint_ms=audits["largest-contentful-paint"]["numericValue"],
        blocking_ms=audits["total-blocking-time"]["numericValue"],
    )
