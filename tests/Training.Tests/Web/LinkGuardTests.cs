using System.Text.RegularExpressions;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

/// <summary>
/// Every link and redirect of the web project goes through asp-page / Url.Page / RedirectToPage or SiteLinks, so a
/// page's address is written once, in its @page template. A literal path pasted into a view or page model fails here.
/// </summary>
public sealed partial class LinkGuardTests
{
    [Fact]
    public void No_view_or_page_model_writes_a_site_path_by_hand()
    {
        var web = Path.Combine(RepositoryPaths.Root, "src", "Training.Web");

        var literals = LiteralLinks(web);

        Assert.True(literals.Count == 0,
            "Build these with asp-page/asp-route-* (views), RedirectToPage/Url.Page (page models) or SiteLinks (endpoints that are not pages):\n"
            + string.Join("\n", literals));
    }

    [Fact]
    public void The_guard_finds_each_kind_of_literal_link()
    {
        string[] caught =
        [
            """<a href="/Staff/Courses/@id">""", """<a class="button" href="/">""", """<form method="get" action="/verify">""",
            """<button formaction="/Staff/People">""", """<img src="/img/logo.png">""", """return Redirect($"/My/{token}");""",
            """return Redirect("/Staff/People");""", """return LocalRedirect("/");""", """context.Response.Redirect("/Account/TwoFactor");""",
            """return RedirectPermanent("/Schedule");""",
        ];
        string[] passed =
        [
            """<a asp-page="/Staff/Courses/Details" asp-route-id="@id">""", """<a href="#main">""", """<a href="?cancel=@id">""",
            """<link href="~/css/site.css">""", """<a href="@SiteLinks.JobsDashboard">""", """<a href="tel:0551222222">""",
            """return RedirectToPage("/Staff/People/Index");""", """return LocalRedirect(Url.Page("/Staff/Index")!);""",
        ];

        Assert.All(caught, line => Assert.Matches(Literal(), line));
        Assert.All(passed, line => Assert.DoesNotMatch(Literal(), line));
    }

    /// <summary>"file:line: text" for each literal path in the .cshtml and .cs files under <paramref name="folder"/>.</summary>
    private static List<string> LiteralLinks(string folder) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => File.ReadLines(f).Select((text, index) => (text, number: index + 1))
                .Where(line => Literal().IsMatch(line.text))
                .Select(line => $"{Path.GetRelativePath(RepositoryPaths.Root, f)}:{line.number}: {line.text.Trim()}"))
            .ToList();

    // An attribute that takes an address, or a redirect, whose value starts with "/": a path written by hand.
    [GeneratedRegex("""\b(?:href|action|formaction|src)\s*=\s*"/|\b(?:Local)?Redirect(?:Permanent)?\(\s*\$?@?"/""")]
    private static partial Regex Literal();
}
