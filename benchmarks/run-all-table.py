"""The table of benchmarks/run-all.sh: every figure of the run's logs, before and after, with its target.

    python3 benchmarks/run-all-table.py LOGS OUT BEFORE AFTER SECONDS PROVIDER FULL

Reads LOGS/NAME.before.log and LOGS/NAME.after.log as the benchmarks print them (their own words, not a format made
for this script), so a benchmark that changes its wording loses its row here rather than the run; a figure found on
one side only is shown with a dash on the other.
"""
import re
import sys
from pathlib import Path

NOISE = 0.20  # runs of the same commit on this shared VM differ by 15–30 %; beyond 20 % worse is flagged

UNITS = {"ns": 1e-6, "us": 1e-3, "μs": 1e-3, "µs": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(number, unit):
    return float(number.replace(",", "")) * UNITS[unit]


class Figure:
    def __init__(self, label, value, unit, higher_is_better, target=None):
        self.label, self.value, self.unit, self.higher, self.target = label, value, unit, higher_is_better, target

    def meets(self):
        """✔ or ✘ against a target written as '≥ N', '> N', '≤ N' or '< N' in the figure's unit; '' when there is none."""
        if not self.target:
            return ""
        m = re.match(r"([≥≤<>])\s*([\d,.]+)", self.target)
        if not m:
            return ""
        op, bound = m.group(1), float(m.group(2).replace(",", ""))
        ok = {"≥": self.value >= bound, ">": self.value > bound, "≤": self.value <= bound, "<": self.value < bound}[op]
        return "✔" if ok else "✘"


def number(text):
    return float(text.replace(",", ""))


def pages_registrations(log):
    figures, heading = [], ""
    for line in log.splitlines():
        if line.startswith("== "):
            heading = line[3:].strip()
            continue
        if line.startswith("== check") or line.startswith("== check:"):
            continue
        m = re.search(r"Requests/sec:\s*([\d.,]+)", line)
        if m:
            short = re.sub(r"\s*\(.*", "", heading)
            short = re.sub(r"\?month=[\d-]+", "", short).replace("&nocache=<random>", " (rendered, cache miss)")
            if "GET /Schedule" in heading:
                target = "≥ 1,000" if "nocache" in heading or "cache miss" in heading else "≥ 20,000"
            elif "POST" in heading:
                target = "≥ 500"
            else:
                target = None
            figures.append(Figure(f"{short}: requests/s", number(m.group(1)), "/s", True, target))
        m = re.match(r"\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", line)
        if m and "POST" in heading:
            short = re.sub(r"\s*\(.*", "", heading)
            figures.append(Figure(f"{short}: p99", ms(m.group(1), m.group(2)), "ms", False, "< 100"))
    checks = [l for l in log.splitlines() if l.startswith("== check")]
    for c in checks:
        figures.append(Figure("registration check (seats, waiting list, one per person)", 1.0 if "True" in c and "False" not in c else 0.0, "", True, "≥ 1"))
    return figures


def reminders(log):
    figures = []
    for line in log.splitlines():
        if m := re.match(r"end to end: (\d+) reminders in ([\d.]+) s", line):
            figures.append(Figure(f"reminders end to end, {int(m.group(1)):,}: sweep → delivered", number(m.group(2)), "s", False, "≤ 5"))
        elif m := re.match(r"sweep: (\d+) reminders queued in ([\d.]+) s", line):
            figures.append(Figure("reminders: the sweep alone (rendered and queued)", number(m.group(2)), "s", False))
        elif m := re.match(r"plain MailKit loop: (\d+) in ([\d.]+) s", line):
            figures.append(Figure("reminders: plain MailKit loop, same sink", number(m.group(2)), "s", False))
        elif m := re.match(r"(ratio[^:]*):\s*([\d.]+)", line):
            figures.append(Figure(f"reminders: {m.group(1)}", number(m.group(2)), "×", True, "≥ 0.5"))
    return figures


def bdn_tables(log):
    """Every row of BenchmarkDotNet's summary tables: {description: mean in ms}, in the order printed."""
    rows, header = {}, None
    for line in log.splitlines():
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "Method":
            header = cells
            continue
        if header is None or set("".join(cells)) <= set("-: "):
            continue
        record = dict(zip(header, cells))
        mean = re.match(r"([\d.,]+)\s*(ns|us|μs|µs|ms|s)$", record.get("Mean", ""))
        if mean:
            rows.setdefault(record["Method"].strip("'"), ms(mean.group(1), mean.group(2)))
    return rows


def certificates(log):
    rows, figures = bdn_tables(log), []
    one = rows.get("The same certificate, A4, PDFsharp") or rows.get("One certificate, A4")
    chromium = rows.get("One certificate, A4, headless Chromium")
    if one is not None:
        figures.append(Figure("certificate: one A4, PDFsharp (BenchmarkDotNet)", one, "ms", False))
    if chromium is not None:
        figures.append(Figure("certificate: the same, warm headless Chromium (same run)", chromium, "ms", False))
    if one and chromium:
        figures.append(Figure("certificate: ratio Chromium / PDFsharp", chromium / one, "×", True, "≥ 70"))
    if (thousand := rows.get("1,000 certificates in one PDF")) is not None:
        figures.append(Figure("certificates: 1,000 in one PDF", thousand / 1000.0, "s", False, "< 2"))
    return figures


def imports(kind):
    def parse(log):
        figures = []
        m = re.search(r"imported ([\d,]+) (?:people|marks) in ([\d.]+) s", log)
        if m:
            figures.append(Figure(f"{kind} import, {m.group(1)} rows: time", number(m.group(2)), "s", False))
        m = re.search(r"peak memory [^\d]*([\d,]+) MB", log)
        if m:
            figures.append(Figure(f"{kind} import, 100,000 rows: peak memory (VmHWM)", number(m.group(1)), "MB", False, "< 500"))
        return figures
    return parse


def points(log):
    return [Figure(f"points, {m.group(1)} (median)", number(m.group(2)), "ms", False, "< 2,000")
            for m in re.finditer(r"^(first derivation[^:]*|again[^:]*): median of \d+ runs ([\d.]+) ms", log, re.M)]


def matching(log):
    figures = []
    for m in re.finditer(r"^matching, ([^:]+): median ([\d.]+) ms, p95 ([\d.]+) ms", log, re.M):
        figures.append(Figure(f"matching, {m.group(1)}: median", number(m.group(2)), "ms", False, "< 50"))
        figures.append(Figure(f"matching, {m.group(1)}: p95", number(m.group(3)), "ms", False))
    return figures


PARSERS = [("certificates", certificates), ("attendance-import", imports("attendance")), ("people-import", imports("people")),
           ("reminders", reminders), ("pages-registrations", pages_registrations), ("points", points), ("matching", matching)]

COMMANDS = {
    "pages-registrations": "`benchmarks/schedule-and-registration/run.sh 10`",
    "reminders": "`benchmarks/reminders/run.sh 10000`",
    "certificates": "`Training.Benchmarks.dll --inProcess --filter '*Certificate*'`",
    "people-import": "`people-import --rows 100000`",
    "attendance-import": "`attendance-import --rows 100000`",
    "points": "`points-scale {scale} --runs 3`",
    "matching": "`matching-scale {scale} --iterations 30`",
}


def show(value, unit):
    if value is None:
        return "—"
    if unit == "×":
        return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"
    if unit == "":
        return "pass" if value >= 1 else "FAIL"
    text = f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    return f"{text} {unit}".replace(" /s", "/s")


def load(path):
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    m = re.search(r"load average at start: ([\d.]+)", text)
    return text, m.group(1) if m else "?"


def main():
    logs, out, before_rev, after_rev, seconds, provider, full = sys.argv[1:8]
    logs = Path(logs)
    scale = {"points": "--records 500000 --people 20000" if full == "1" else "--records 100000 --people 5000",
             "matching": "--people 100000 --profiles 20000 --records 500000" if full == "1" else "--people 20000 --profiles 4000 --records 100000"}
    lines = [f"Before: `{before_rev}`; after: `{after_rev}`. {provider}; benchmarks {int(seconds) // 60} min {int(seconds) % 60} s "
             f"(builds and seeds not counted). A flag ⚠ marks a figure more than {NOISE:.0%} worse than before, beyond this VM's noise.",
             "",
             "| figure (command) | target | before | after | after / before | load before / after |",
             "| --- | --- | ---: | ---: | ---: | --- |"]
    regressions = 0
    for name, parse in PARSERS:
        (before_log, before_load), (after_log, after_load) = load(logs / f"{name}.before.log"), load(logs / f"{name}.after.log")
        if not before_log and not after_log:
            continue
        before = {f.label: f for f in parse(before_log)}
        after = {f.label: f for f in parse(after_log)}
        labels = list(after) + [l for l in before if l not in after]
        command = COMMANDS[name].format(scale=scale.get(name, ""))
        if not labels:
            lines.append(f"| {name} ({command}): no figures — see the logs | | | | | {before_load} / {after_load} |")
            continue
        for i, label in enumerate(labels):
            b, a = before.get(label), after.get(label)
            f = a or b
            change, flag = "", ""
            if a and b and b.value and f.unit != "":
                ratio = a.value / b.value
                change = f"{ratio:.2f}"
                worse = (ratio < 1 - NOISE) if f.higher else (ratio > 1 + NOISE)
                if worse:
                    flag, regressions = " ⚠", regressions + 1
            target = f"{f.target} {f.unit} {(a or b).meets() if a else ''}".replace(" ×", "×").strip() if f.target else "—"
            first = f" ({command})" if i == 0 else ""
            lines.append(f"| {label}{first} | {target} | {show(b.value if b else None, f.unit)} | "
                         f"{show(a.value if a else None, f.unit)} | {change}{flag} | {before_load} / {after_load} |")
    lines += ["", f"{regressions} figure(s) flagged." if regressions else "No figure flagged."]
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
