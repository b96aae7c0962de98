"""axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules, run on the page the browser shows."""

from django.conf import settings

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((result) => done(result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target, html: node.html, failureSummary: node.failureSummary,
    })),
  }))))
  .catch((error) => done({error: String(error)}));
"""


# axe-core comes from the live server as a script of the page's own (the test settings serve
# the vendor folder at this address; the site never does), so the browser compiles it once for
# the run rather than once a check, as it did when the test sent its 650 KB with each check.
AXE_URL = f"{settings.STATIC_URL}axe-core/axe.min.js"
AXE_LOAD_JS = """
const [url, done] = arguments;
if (typeof window.axe === "object") return done("");
const script = document.createElement("script");
script.src = url;
script.onload = () => done("");
script.onerror = () => done(`axe-core did not load from ${url}`);
document.head.appendChild(script);
"""


def axe_violations(driver) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the current page."""
    # axe-core schedules its work with timers, which never fire while scripts are switched off;
    # switching them on after the page has loaded checks the page as it loaded without them.
    scripts_off = driver.javascript_disabled
    if scripts_off:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    try:
        driver.set_script_timeout(30)
        if error := driver.execute_async_script(AXE_LOAD_JS, AXE_URL):
            raise AssertionError(error)
        result = driver.execute_async_script(AXE_RUN_JS, AXE_TAGS)
    finally:
        if scripts_off:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    if isinstance(result, dict):
        raise AssertionError(f"axe-core could not run: {result['error']}")
    return result


def axe_report(violations: list[dict]) -> str:
    """Describe each violation: rule, what it means, which elements, and how to fix them."""
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    element: {' '.join(map(str, node['target']))}")
            lines.append(f"    html:    {node['html'][:300]}")
            fix = node["failureSummary"].replace("\n", "\n             ")
            lines.append(f"    fix:     {fix}")
    return "\n".join(lines)


def axe_check(driver, *, label: str) -> str | None:
    """Return a failure report for the current page, or None when axe finds nothing."""
    violations = axe_violations(driver)
    if not violations:
        return None
    return f"{label} ({driver.current_url}):\n{axe_report(violations)}"
