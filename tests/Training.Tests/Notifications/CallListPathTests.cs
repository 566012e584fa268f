using System.Text.RegularExpressions;
using Training.Tests.Infrastructure;

namespace Training.Tests.Notifications;

/// <summary>Every writer adds to the call list one way, <see cref="Training.Notifications.CallList.AddAsync"/>, which keeps one entry per notice.</summary>
public partial class CallListPathTests
{
    [Fact]
    public void Every_call_list_entry_in_the_product_is_added_through_CallList_AddAsync()
    {
        var source = Path.Combine(RepositoryPaths.Root, "src");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .Select(f => (Path: Path.GetRelativePath(source, f), Text: File.ReadAllText(f))).ToList();

        var built = files.Sum(f => NewEntry().Matches(f.Text).Count);
        var added = files.Sum(f => AddedThroughTheOneWay().Matches(f.Text).Count);
        var otherWays = files.Where(f => AddedToTheSet().IsMatch(f.Text)).Select(f => f.Path).ToList();

        Assert.True(built >= 5, "the scan found too few entries; has the pattern gone stale?");
        Assert.Equal(built, added);
        Assert.Empty(otherWays);
    }

    [GeneratedRegex(@"new (?:[\w.]+\.)?CallListEntry\b")]
    private static partial Regex NewEntry();

    [GeneratedRegex(@"CallList\.AddAsync\(\s*\w+,\s*new (?:[\w.]+\.)?CallListEntry\b")]
    private static partial Regex AddedThroughTheOneWay();

    // A variable (db, context) adding to the set, not the static CallList.AddAsync.
    [GeneratedRegex(@"\b[a-z_]\w*\.CallList\.(Add|AddRange|AddAsync|AddRangeAsync)\(|Set<CallListEntry>\(\)\.Add|\.Add\(\s*new (?:[\w.]+\.)?CallListEntry\b")]
    private static partial Regex AddedToTheSet();
}
