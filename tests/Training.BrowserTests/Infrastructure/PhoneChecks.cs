using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Training.Data;

namespace Training.BrowserTests.Infrastructure;

/// <summary>What every page must hold on a 390 px phone, measured in the page rather than judged from a screenshot.</summary>
public static partial class PhoneChecks
{
    /// <summary>
    /// The controls a finger presses that break the rule: under 44 px tall, or text under 16 px (a checkbox or radio is
    /// measured by its label, and must itself be at least 20 px wide).
    /// </summary>
    public static Task<string[]> SmallControlsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button, main a.button, a[href^="tel:"], .session-card__title a')]
          .filter(e => e.offsetParent !== null)
          .map(e => {
            const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
            const choice = e.type === 'checkbox' || e.type === 'radio';
            const h = (choice ? e.closest('label') ?? e : e).getBoundingClientRect().height;
            return { name: (e.name || e.textContent || e.type).trim().slice(0, 30), h, font: parseFloat(s.fontSize), choice, w: r.width };
          })
          .filter(x => x.h < 44 || (!x.choice && x.font < 16) || (x.choice && x.w < 20))
          .map(x => `${x.name}: ${x.h}px tall, ${x.font}px text, ${x.w}px wide`)
        """);

    /// <summary>Whether the page is wider than the screen, so the reader must scroll sideways.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");

    /// <summary>The outermost elements that reach past the screen's right edge (outside scrolling boxes), to say what to fix.</summary>
    public static Task<string[]> TooWideAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
          .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
          .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}#${e.id || e.getAttribute('name') || ''} (${Math.round(e.getBoundingClientRect().right)}px)`)
          .slice(0, 5)
        """);

    /// <summary>
    /// Text at twice the site's size, as a phone's 200 % font scale makes it: the root size doubled (the site sizes its
    /// text in rem), the viewport still 390 px. Set again after each navigation.
    /// </summary>
    public static async Task TextAt200Async(IPage page)
    {
        // Through the CSSOM: the site's content security policy refuses a style element.
        await page.EvaluateAsync("document.documentElement.style.setProperty('font-size', '225%', 'important')");
        var rootPx = await page.EvaluateAsync<double>("parseFloat(getComputedStyle(document.documentElement).fontSize)");
        Assert.True(rootPx >= 36, $"text is {rootPx}px, not 200 %");
    }

    public static async Task AssertFitsAsync(IPage page)
    {
        var small = await SmallControlsAsync(page);
        Assert.True(small.Length == 0, $"{page.Url}: " + string.Join("; ", small));
        Assert.False(await ScrollsSidewaysAsync(page), $"{page.Url} scrolls sideways");
    }

    /// <summary>
    /// Lines of the page that still hold Japanese (punctuation around data aside) once every name and text entered as data (people, programs,
    /// courses, places, districts …) is taken out: in English mode these are labels left untranslated.
    /// </summary>
    public static async Task<IReadOnlyList<string>> JapaneseLinesAsync(IPage page, IReadOnlyCollection<string> data)
    {
        // Text marked data-literal quotes Japanese on purpose: CSV headings to type, 和暦 examples, consent wording as agreed.
        var text = await page.EvaluateAsync<string>("""
            () => { const hidden = [...document.querySelectorAll('[data-literal]')];
                    hidden.forEach(e => e.style.display = 'none');
                    const text = document.body.innerText;
                    hidden.forEach(e => e.style.display = '');
                    return text; }
            """);
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            foreach (var value in data) line = line.Replace(value, "");
            if (Japanese().IsMatch(line.Replace("日本語", ""))) lines.Add(raw.Trim());
        }
        return lines;
    }

    /// <summary>Every text entered as data, longest first so a name inside a longer title is taken out with it.</summary>
    public static async Task<IReadOnlyList<string>> DataTextsAsync(TrainingDbContext db)
    {
        var values = new List<string>();
        async Task AddAsync<T>(IQueryable<T> rows) where T : class
        {
            var props = typeof(T).GetProperties().Where(p => p.PropertyType == typeof(string)).ToList();
            foreach (var row in await rows.AsNoTracking().ToListAsync())
                values.AddRange(props.Select(p => p.GetValue(row) as string).OfType<string>());
        }
        await AddAsync(db.People);
        await AddAsync(db.Programs);
        await AddAsync(db.Courses);
        await AddAsync(db.Sessions);
        await AddAsync(db.Areas);
        await AddAsync(db.Organisations);
        await AddAsync(db.OrganisationIssuers);
        await AddAsync(db.QualificationTypes);
        await AddAsync(db.Certificates);
        await AddAsync(db.Users);
        await AddAsync(db.Registrations);
        await AddAsync(db.Attendance);
        await AddAsync(db.ImportBatches);
        await AddAsync(db.LocalActivities);
        await AddAsync(db.ActivityNeeds);
        await AddAsync(db.ActivityRecords);
        return values.Where(v => Japanese().IsMatch(v)).SelectMany(v => v.Split('\n')).Select(v => v.Trim()).Where(v => v.Length > 0)
            .Distinct().OrderByDescending(v => v.Length).ToList();
    }

    [GeneratedRegex(@"[\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")]
    private static partial Regex Japanese();
}
