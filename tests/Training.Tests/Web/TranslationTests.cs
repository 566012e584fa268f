using System.Text.RegularExpressions;
using System.Xml.Linq;
using Training.Tests.Infrastructure;

namespace Training.Tests.Web;

public partial class TranslationTests
{
    [Fact]
    public void Every_text_on_the_pages_has_an_English_translation()
    {
        var web = Path.Combine(RepositoryPaths.Root, "src", "Training.Web");
        var english = XDocument.Load(Path.Combine(web, "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var used = Directory.EnumerateFiles(Path.Combine(web, "Pages"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml") || f.EndsWith(".cs"))
            .SelectMany(f => Keys().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        var missing = used.Where(key => !english.Contains(key)).Order().ToList();

        Assert.True(used.Count > 30, "the scan found too few texts; has the pattern gone stale?");
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_message_about_a_persons_or_a_staff_members_details_has_an_English_translation()
    {
        var english = XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var messages = Training.People.PersonInput.Messages.All.Concat([Training.Text.NameText.ControlMessage, Training.Text.NameText.InvisibleMessage]).Concat(Training.Text.PrintableText.Messages)
            .Concat(Training.Staff.StaffAccountInput.Messages.All).Concat(Training.Staff.JapaneseIdentityErrors.All).Append(Training.Staff.PasswordRules.CommonMessage)
            .Concat(Training.Audit.AuditActions.Labels.Values).Concat(Training.People.PersonInput.FieldLabels.Values).Concat(Training.Courses.CourseInput.FieldLabels.Values).Concat(Training.Courses.CourseInput.Messages.All)
            .Concat(Training.Courses.CourseCopy.Messages.All).Concat(Training.Leaders.GroupLeader.Messages.All).Concat(Training.Leaders.GroupLeaders.Messages.All)
            .Concat(Training.Courses.Scheduling.JapaneseHolidays.Names).Concat(Training.Reports.FiscalYearReport.FixedLabels).Concat(Training.Reports.ReportWords.All).Concat(Training.Reports.ActivityReportWords.All)
            .ToList();

        Assert.True(messages.Count > 10);
        var missing = messages.Where(m => !english.Contains(m)).ToList();
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"(?:\b[Tt]\[""|ErrorMessage = ""|Name = ""|ValidationResult\("")([^""]+)""")]
    private static partial Regex Keys();
}
