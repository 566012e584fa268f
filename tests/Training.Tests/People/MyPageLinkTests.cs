using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>A resident who lost the link to their page gets it back, and the way back tells strangers nothing.</summary>
/// <remarks>One app for the class: each test's people have addresses of their own, and it asserts on their mail and audit
/// entries (the mail a request wrote is told apart as the mail written since the test began: the class's tests run one
/// after another).</remarks>
public sealed class MyPageLinkTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    [Fact]
    public async Task Send_me_my_page_mails_the_link_to_the_address_on_record_and_answers_the_same_for_an_unknown_one()
    {
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().WithEmail("hanako@example.jp").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var client = _app.CreateBrowserLikeClient();
        var mailBefore = await _app.WithDbAsync(db => db.OutboundEmails.MaxAsync(e => (long?)e.Id)) ?? 0;

        var known = await Forms.PostAsync(client, "/My/Recover", new Dictionary<string, string> { ["Email"] = "ＨＡＮＡＫＯ＠example.jp" });
        var unknown = await Forms.PostAsync(client, "/My/Recover", new Dictionary<string, string> { ["Email"] = "stranger@example.jp" });

        string Answer(string html) => System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"sent\">([^<]*)<").Groups[1].Value;
        var (a, b) = (await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.NotEmpty(Answer(a));
        Assert.Equal(Answer(a), Answer(b));
        var mail = await _app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Id > mailBefore));
        Assert.Equal(("my-page-link", "hanako@example.jp"), (mail.TemplateName, mail.ToAddress));
        Assert.Contains($"/My/{person.AccessToken}", mail.TextBody);
    }

    [Fact]
    public async Task A_mistyped_link_answers_a_page_that_says_how_to_get_a_new_one()
    {
        var response = await _app.CreateClient().GetAsync("/My/not-a-real-token");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"lost\"", page);
        Assert.Contains("href=\"/My/Recover\"", page);
    }

    [Fact]
    public async Task Staff_resend_the_link_or_print_it_for_someone_without_email_and_both_are_audited()
    {
        var (withEmail, without) = await _app.WithDbAsync(async db =>
        {
            var a = new PersonBuilder().Named("浅川", "和子", "あさかわ", "かずこ").WithEmail("kazuko@example.jp").Build();
            var b = new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").Build();
            db.People.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a, b);
        });
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        await Forms.PostAsync(admin, $"/Staff/People/{withEmail.Id}", new Dictionary<string, string>(), $"/Staff/People/{withEmail.Id}?handler=SendLink");
        var printed = await admin.GetStringAsync($"/Staff/People/{without.Id}?handler=Link");

        Assert.Equal(1, await _app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.TemplateName == "my-page-link" && e.PersonId == withEmail.Id)));
        Assert.Contains("data-testid=\"print-link\"", printed);
        Assert.Contains($"/My/{without.AccessToken}", printed);
        Assert.Equal(2, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "my-page-link" && (a.PersonId == withEmail.Id || a.PersonId == without.Id))));
    }
}
