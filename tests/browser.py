#!/usr/bin/python3
"""browser.py URL ARTEFACT_DIR - the map page of `vpostcode serve` in a real
browser (headless Chromium through chromedriver and Selenium): the ward
boundaries drawn, a click on Nhà thờ Lớn (Hà Nội), a code typed in the search
box, a code in the page's hash, an address, a click at sea. One line per
check; the first failure ends the run with status 1. A screenshot of every
step is written to ARTEFACT_DIR (map-*.png). The browser talks to loopback
only. tests/browser.sh starts the server and runs this."""

import json
import os
import sys
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 20  # seconds, for every wait

# Nhà thờ Lớn, Hà Nội: the centre of the cell 11024 2RHX+FJJ
LAT, LON = 21.0287125, 105.849015625
CODE = "11024 2RHX+FJJ"
ADDRESS = "12 le loi, p sai gon, tphcm"

if len(sys.argv) != 3:
    sys.exit("usage: browser.py URL ARTEFACT_DIR")
base = sys.argv[1].rstrip("/") + "/"
artefacts = sys.argv[2]
os.makedirs(artefacts, exist_ok=True)
driver = None


def fail(what, detail):
    print("FAIL %s: %s" % (what, detail))
    if driver is not None:
        try:
            driver.save_screenshot(os.path.join(artefacts, "map-failure.png"))
            print("  screenshot: %s" % os.path.join(artefacts, "map-failure.png"))
            print("  page state: %s" % json.dumps(state(), ensure_ascii=False))
            for entry in driver.get_log("browser"):
                print("  console: %s %s" % (entry.get("level"), entry.get("message")))
        except WebDriverException as e:
            print("  (no more details: %s)" % e.msg)
        driver.quit()
    sys.exit(1)


def ok(what):
    print("ok   %s" % what)


def check(what, cond, detail):
    if not cond:
        fail(what, detail)
    ok(what)


def wait_for(what, predicate, detail):
    """Wait up to WAIT seconds for predicate(driver) to be true; fail with
    detail() (a function: the state at the timeout) otherwise."""
    try:
        WebDriverWait(driver, WAIT, poll_frequency=0.1).until(predicate)
    except TimeoutException:
        fail(what, "not after %d s: %s" % (WAIT, detail()))
    ok(what)


def js(script, *args):
    return driver.execute_script(script, *args)


def text(element_id):
    """The visible text of an element ("" if it is missing or hidden)."""
    els = driver.find_elements(By.ID, element_id)
    return els[0].text if els else ""


def state():
    return {
        "url": driver.current_url,
        "centre": js("return window.vpcMap ? [vpcMap.getCenter().lat, vpcMap.getCenter().lng, vpcMap.getZoom()] : null"),
        "code": text("panel-code"), "ward": text("panel-ward"), "province": text("panel-province"),
        "error": text("panel-error"),
    }


def shot(name):
    path = os.path.join(artefacts, name)
    if not driver.save_screenshot(path):
        fail("screenshot " + name, "not written")
    ok("screenshot %s" % path)


def api(path):
    """The server's JSON answer to GET path, read here, not by the page."""
    with urllib.request.urlopen(base + path.lstrip("/"), timeout=WAIT) as r:
        return json.load(r)


def centre_near(lat, lon, tol):
    def near(d):
        c = js("const c = vpcMap.getCenter(); return [c.lat, c.lng];")
        return abs(c[0] - lat) <= tol and abs(c[1] - lon) <= tol
    return near


def click_at(lat, lon, zoom):
    """Show (lat, lon) at zoom and click its pixel with a real mouse event."""
    watch_moves()
    p = js("""
        const m = vpcMap, ll = L.latLng(arguments[0], arguments[1]);
        m.setView(ll, arguments[2], {animate: false});
        const p = m.latLngToContainerPoint(ll), r = m.getContainer().getBoundingClientRect();
        return [p.x, p.y, r.width, r.height];""", lat, lon, zoom)
    x, y, width, height = p
    if not (0 <= x < width and 0 <= y < height):
        fail("click at %s, %s" % (lat, lon), "the point is off the map: %r" % p)
    # Selenium 4 offsets are from the in-view centre of the element, which
    # WebDriver puts at floor(size / 2)
    dx, dy = round(x - width // 2), round(y - height // 2)
    ActionChains(driver).move_to_element_with_offset(driver.find_element(By.ID, "map"), dx, dy).click().perform()
    return x, y


def watch_moves():
    """Note the end of the next move of the map (a flight)."""
    js("window.vpcTestMoved = false; vpcMap.once('moveend', () => { window.vpcTestMoved = true; });")


def wait_drawn(what):
    """Wait for the end of the move watch_moves() watched and for the
    boundaries of the view then (#map aria-busy false)."""
    wait_for(what, lambda d: js("return window.vpcTestMoved === true && "
                                "document.getElementById('map').getAttribute('aria-busy') === 'false'"),
             lambda: "moved %r, aria-busy %r, %r" % (js("return window.vpcTestMoved"),
                                                     js("return document.getElementById('map').getAttribute('aria-busy')"),
                                                     state()))


def search(query):
    box = driver.find_element(By.ID, "search")
    box.clear()
    box.send_keys(query + Keys.ENTER)  # submitted from the keyboard


def panel_settled(d):
    """The panel shows a code, a ward or an error."""
    return any(text(i) for i in ("panel-code", "panel-ward", "panel-error"))


def hash_of(display):
    return display.replace(" ", "-").replace("+", "-")


opts = Options()
opts.binary_location = "/usr/bin/chromium"
for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
            "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
            "--lang=en-US",
            # nothing beyond loopback: no name resolves, any other address
            # goes to a proxy that does not exist
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
            "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"):
    opts.add_argument(arg)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
try:
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
except WebDriverException as e:
    print("FAIL cannot start headless Chromium: %s" % e.msg)
    sys.exit(1)
driver.set_page_load_timeout(WAIT)
driver.set_script_timeout(WAIT)


def run():
    # ---- the page, and the ward boundaries of the view
    driver.get(base)
    wait_for("the page loads Leaflet and exposes window.vpcMap",
             lambda d: js("return !!(window.L && window.vpcMap && vpcMap.getCenter)"),
             lambda: "window.L=%r window.vpcMap=%r" % (js("return typeof window.L"), js("return typeof window.vpcMap")))
    check("the page is read as UTF-8", js("return document.characterSet") == "UTF-8",
          "document.characterSet is %r" % js("return document.characterSet"))
    c = js("const c = vpcMap.getCenter(); return [c.lat, c.lng, vpcMap.getZoom()];")
    check("the map starts over Vietnam", abs(c[0] - 16.0) < 1.5 and abs(c[1] - 106.0) < 1.5 and 5 <= c[2] <= 7,
          "centre and zoom %r" % c)
    rect = js("const r = document.getElementById('map').getBoundingClientRect(); return [r.width, r.height, innerWidth, innerHeight];")
    check("the map fills the window", rect[0] == rect[2] and rect[1] == rect[3] and rect[1] > 500, "map and window %r" % rect)
    boundary_paths = "return document.querySelectorAll('.leaflet-boundaries-pane path').length"
    wait_for("the ward boundaries of the view are drawn",
             lambda d: js(boundary_paths) > 500, lambda: "%d SVG paths" % js(boundary_paths))
    n = js(boundary_paths)
    check("the boundaries are the whole country's at zoom 6 (%d paths)" % n, 2500 <= n <= 4000,
          "%d paths for the view of Vietnam" % n)
    shot("map-load.png")

    # ---- a click on Nhà thờ Lớn at zoom 17
    x, y = click_at(LAT, LON, 17)
    wait_for("a click fills the panel", panel_settled, lambda: json.dumps(state(), ensure_ascii=False))
    code = text("panel-code")
    check("#panel-code shows the clicked point's code", code.startswith(CODE),
          "expected %r..., got %r (error %r)" % (CODE, code, text("panel-error")))
    check("#panel-ward is Hoàn Kiếm", "Hoàn Kiếm" in text("panel-ward"), "got %r" % text("panel-ward"))
    check("#panel-province is Hà Nội", "Hà Nội" in text("panel-province"), "got %r" % text("panel-province"))
    check("#panel-error is empty", text("panel-error") == "", "got %r" % text("panel-error"))
    expected = api("/v1/encode?lat=%r&lon=%r&check-char=1" % (LAT, LON))["display"]
    check("#panel-code is the server's display form with the check character", code == expected,
          "page %r, server %r" % (code, expected))
    href = driver.find_element(By.ID, "panel-link").get_attribute("href")
    check("#panel-link points at /#CODE", href == base + "#" + hash_of(code), "got %r" % href)
    wait_for("the hash names the code", lambda d: js("return location.hash") == "#" + hash_of(code),
             lambda: "hash %r" % js("return location.hash"))
    # the outlines: the cell drawn around the clicked pixel, the ward highlighted
    cell_box = "const p = document.querySelector('path.vpc-cell'); if (!p) return null; " \
               "const r = p.getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect(); " \
               "return [r.left - m.left, r.top - m.top, r.right - m.left, r.bottom - m.top];"
    wait_for("the cell is outlined", lambda d: js(cell_box) is not None, lambda: "no path.vpc-cell")
    box = js(cell_box)
    check("the cell outline holds the clicked point", box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1,
          "cell %r, point %r" % (box, (x, y)))
    check("the cell outline is a ~3 m cell (a few pixels at zoom 17)",
          1 <= box[2] - box[0] <= 12 and 1 <= box[3] - box[1] <= 12, "cell %r" % box)
    wait_for("the ward is highlighted", lambda d: js("return document.querySelectorAll('path.vpc-ward').length") > 0,
             lambda: "no path.vpc-ward")
    ward_box = js("const r = document.querySelector('path.vpc-ward').getBoundingClientRect(); return [r.width, r.height];")
    check("the ward outline is larger than the cell", ward_box[0] > 100 and ward_box[1] > 100, "ward box %r" % ward_box)
    wait_drawn("the boundaries around the click are drawn")
    shot("map-click.png")

    # ---- the code typed in the search box, the map far away
    js("vpcMap.setView([10.77, 106.70], 12, {animate: false});")
    wait_for("the map moved to Hồ Chí Minh City", centre_near(10.77, 106.70, 0.001), lambda: repr(state()))
    watch_moves()
    search(CODE)
    wait_for("searching %r flies to its cell" % CODE, centre_near(LAT, LON, 0.001), lambda: repr(state()))
    wait_for("the search fills the panel", lambda d: text("panel-code").startswith(CODE),
             lambda: json.dumps(state(), ensure_ascii=False))
    wait_for("the flight ends at zoom 18", lambda d: js("return vpcMap.getZoom()") == 18,
             lambda: "zoom %r" % js("return vpcMap.getZoom()"))
    check("the flight ends on the cell", centre_near(LAT, LON, 0.0001)(driver), repr(state()))
    check("#panel-ward after the search is Hoàn Kiếm", "Hoàn Kiếm" in text("panel-ward"), "got %r" % text("panel-ward"))
    wait_for("the searched cell is outlined", lambda d: js(cell_box) is not None, lambda: "no path.vpc-cell")
    wait_drawn("the flight ends and the boundaries there are drawn")
    shot("map-search.png")

    # ---- the code in the hash of a fresh page
    driver.get("about:blank")
    driver.get(base + "#11024-2RHX-FJJ")
    wait_for("the page at the hash loads", lambda d: js("return !!window.vpcMap"), lambda: repr(driver.current_url))
    wait_for("a page opened at #11024-2RHX-FJJ shows the code", lambda d: text("panel-code").startswith(CODE),
             lambda: json.dumps(state(), ensure_ascii=False))
    check("the page opened at the hash is centred on the cell", centre_near(LAT, LON, 0.001)(driver), repr(state()))
    check("#panel-province after the hash is Hà Nội", "Hà Nội" in text("panel-province"),
          "got %r" % text("panel-province"))
    wait_for("the cell of the hash is outlined", lambda d: js(cell_box) is not None, lambda: "no path.vpc-cell")
    wait_for("the boundaries of the hash's view are drawn",
             lambda d: js(boundary_paths) > 0 and js("return document.getElementById('map').getAttribute('aria-busy')") == "false",
             lambda: "%d SVG paths" % js(boundary_paths))
    shot("map-hash.png")

    # ---- an address
    watch_moves()
    search(ADDRESS)
    wait_for("the address %r gives a ward" % ADDRESS, lambda d: text("panel-ward") or text("panel-error"),
             lambda: json.dumps(state(), ensure_ascii=False))
    check("#panel-ward of the address is Sài Gòn", "Sài Gòn" in text("panel-ward"),
          "got %r (error %r)" % (text("panel-ward"), text("panel-error")))
    check("#panel-province of the address is Hồ Chí Minh", "Hồ Chí Minh" in text("panel-province"),
          "got %r" % text("panel-province"))
    check("#panel-code is hidden for a ward", text("panel-code") == "", "got %r" % text("panel-code"))
    ward = api("/v1/ward/" + api("/v1/address?q=" + urllib.parse.quote(ADDRESS))["ward_code"])
    s, w, nn, e = (float(ward[k]) for k in ("south", "west", "north", "east"))
    wait_for("the map flies to the ward's box",
             lambda d: js("const c = vpcMap.getCenter(); return [c.lat, c.lng];") and
             centre_near((s + nn) / 2, (w + e) / 2, max(nn - s, e - w) / 4)(d) and js("return vpcMap.getZoom()") >= 13,
             lambda: "%r, ward box %r" % (state(), (s, w, nn, e)))
    wait_for("the ward of the address is highlighted",
             lambda d: js("return document.querySelectorAll('path.vpc-ward').length") > 0, lambda: "no path.vpc-ward")
    wait_drawn("the flight to the ward ends and the boundaries there are drawn")
    shot("map-address.png")

    # ---- a click at sea
    click_at(15.0, 112.0, 8)
    wait_for("a click at sea shows an error", lambda d: text("panel-error"),
             lambda: json.dumps(state(), ensure_ascii=False))
    err = text("panel-error")
    check("#panel-error says VPC_E_OUTSIDE_VIETNAM", "VPC_E_OUTSIDE_VIETNAM" in err, "got %r" % err)
    check("#panel-error has the library's message", len(err) > len("VPC_E_OUTSIDE_VIETNAM: ") + 10, "got %r" % err)
    check("no code is shown for the sea", text("panel-code") == "" and text("panel-ward") == "",
          "code %r, ward %r" % (text("panel-code"), text("panel-ward")))
    wait_drawn("the boundaries around the sea are drawn")
    shot("map-sea.png")

    # ---- no script error on the way (failed requests, such as the 422 of the
    # ---- sea, are logged by the browser as network errors, not script errors)
    errors = [en["message"] for en in driver.get_log("browser")
              if en.get("level") == "SEVERE" and en.get("source") != "network"]
    check("no script errors in the console", not errors, "; ".join(errors))


try:
    run()
except WebDriverException as e:
    fail("the browser", e.msg)
driver.quit()
print("all checks passed")
