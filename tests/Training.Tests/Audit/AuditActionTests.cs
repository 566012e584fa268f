using System.Xml.Linq;
using Training.Audit;
using Training.Tests.Infrastructure;

namespace Training.Tests.Audit;

/// <summary>
/// Every operation the log records is declared once, as an <see cref="AuditAction"/>: with its own stored code, a kind
/// the log's filter lists, and words in Japanese and English. Codes already stored never change.
/// </summary>
public class AuditActionTests
{
    /// <summary>The codes on rows written before actions were typed; the log and its tests read rows by them.</summary>
    private static readonly string[] StoredCodes =
    [
        "view", "export-json", "export-csv", "anonymise", "merge", "person-edit", "my-page-link", "course-edit", "course-cancel", "consent",
        "contact-change-accepted", "contact-change-dismissed", "import-people", "reissue", "issue-manual", "revoke", "review-keep",
        "review-revoke", "review-reissue", "booking-confirmed-by-phone", "staff-create", "staff-update", "staff-deactivate",
        "staff-reactivate", "staff-sign-in-cleared", "staff-password-link", "staff-password-set", "staff-password-change", "staff-2fa-on",
        "staff-2fa-off", "staff-2fa-recovery-codes", "staff-2fa-reset", "organisation-update", "qualification-type", "organisation-issuer",
        "audit-export", "area-add", "area-rename", "area-retire", "area-restore", "print-sign-in-sheet", "print-attendance-grid",
        "print-call-list", "print-certificate", "print-certificates", "view-booking-slip", "issue-auto", "program-create", "program-edit",
        "course-create", "sessions-plan", "session-edit", "session-move", "session-cancel", "registration", "registration-cancel",
        "registration-extend", "attendance", "absence", "walk-in", "attendance-everyone", "absence-withdrawn", "registration-stop",
        "completion-exception", "completion-exception-withdrawn", "qualification-grant-retroactive", "call-attempt", "call-attempt-undone",
        "phone-checked", "course-message", "export-participants", "session-add",
    ];

    private static HashSet<string> English() =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

    [Fact]
    public void Every_action_has_a_code_of_its_own_that_fits_the_column()
    {
        Assert.True(AuditActions.All.Count >= StoredCodes.Length);
        Assert.Empty(AuditActions.All.GroupBy(a => a.Code).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(AuditActions.All, a => Assert.InRange(a.Code.Length, 1, 50));
    }

    [Fact]
    public void Every_code_already_stored_is_still_an_action_with_the_same_code()
    {
        var declared = AuditActions.All.Select(a => a.Code).ToHashSet();

        Assert.DoesNotContain(StoredCodes, c => !declared.Contains(c));
        Assert.All(StoredCodes, c => Assert.Equal(c, AuditActions.Find(c)!.Code));
    }

    [Fact]
    public void Every_action_belongs_to_a_kind_the_filter_lists_and_every_kind_has_actions()
    {
        Assert.All(AuditActions.All, a => Assert.Contains(a.Kind, AuditKind.All));
        Assert.All(AuditKind.All, k => Assert.NotEmpty(AuditActions.ActionsOf(k.Code)));
        Assert.Equal(AuditActions.All.Count, AuditKind.All.Sum(k => AuditActions.ActionsOf(k.Code).Count));
    }

    [Fact]
    public void Every_action_and_kind_reads_in_Japanese_and_in_English()
    {
        var english = English();

        Assert.All(AuditActions.All, a => Assert.False(string.IsNullOrWhiteSpace(a.Label), $"{a.Code} has no words"));
        Assert.Empty(AuditActions.All.Where(a => !english.Contains(a.Label)).Select(a => a.Code));
        Assert.Empty(AuditKind.All.Where(k => string.IsNullOrWhiteSpace(k.Label) || !english.Contains(k.Label)).Select(k => k.Code));
    }

    [Fact]
    public void A_code_no_longer_declared_shows_itself_and_no_kind()
    {
        Assert.Null(AuditActions.Find("retired-action"));
        Assert.Equal("retired-action", AuditActions.Label("retired-action"));
        Assert.Equal("個人情報を見た", AuditActions.Label(AuditAction.View.Code));
    }
}
