using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Certificates;
using Training.Courses;
using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.Certificates;

/// <summary>A person's certificates on their staff page and on their own page: each with its state, its PDF and its public check.</summary>
/// <remarks>One app for the class: each test's holder has a name of their own, and each test asserts only on that holder's pages.</remarks>
public sealed class PersonCertificatesTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    /// <summary>Someone with two certificates: one valid, one revoked.</summary>
    private async Task<(Person Person, Certificate Valid, Certificate Revoked)> HolderAsync(string family, string given, string familyKana, string givenKana)
    {
        var (person, first, second) = await _app.WithDbAsync(async db =>
        {
            var person = new PersonBuilder().Named(family, given, familyKana, givenKana).Build();
            var first = await CompletionSeed.SaveAsync(db, person);
            var second = await CompletionSeed.SaveAsync(db, person, await new CourseBuilder().SaveAsync(db));
            return (person, first, second);
        });
        var valid = (await _app.IssueAsync(first.Id)).Certificate!;
        var revoked = (await _app.IssueAsync(second.Id)).Certificate!;
        await using (var scope = _app.Scope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().RevokeAsync(revoked.Id, "出席の記録に誤りがありました", "staff", "職員"));
        return (person, valid, revoked);
    }

    [Fact]
    public async Task The_staff_person_page_lists_each_certificate_with_its_state_its_PDF_and_its_public_check()
    {
        var (person, valid, revoked) = await HolderAsync("望月", "きみ子", "もちづき", "きみこ");
        var client = await AdminAsync();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/People/{person.Id}"));

        var section = page[page.IndexOf("data-testid=\"certificates\"", StringComparison.Ordinal)..];
        Assert.Contains(valid.SerialLabel, section);
        Assert.Contains(revoked.SerialLabel, section);
        Assert.Contains("取り消し", section);
        Assert.Contains("出席の記録に誤りがありました", section);
        Assert.Contains($"/Staff/Certificates?id={valid.Id}&handler=Pdf", section);
        Assert.Contains($"/verify/{valid.VerificationCode}", section);
        Assert.Contains($"/Staff/Certificates/{valid.Id}", section);
        var pdf = await client.GetAsync($"/Staff/Certificates?handler=Pdf&id={valid.Id}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_reissued_certificate_reads_as_valid_and_reissued()
    {
        var (person, valid, _) = await HolderAsync("雨宮", "和代", "あめみや", "かずよ");
        await using (var scope = _app.Scope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<CertificateIssuer>().ReissueAsync(valid.Id, "氏名の訂正", "staff", "職員"));

        var page = await (await AdminAsync()).GetStringAsync($"/Staff/People/{person.Id}");
        var mine = await _app.CreateClient().GetStringAsync($"/My/{person.AccessToken}");

        Assert.Contains("有効（再交付）", page);
        Assert.Contains("氏名の訂正", page);
        Assert.Contains("有効（再交付）", mine);
    }

    [Fact]
    public async Task The_resident_downloads_their_own_valid_certificate_and_sees_the_revoked_one_as_revoked()
    {
        var (person, valid, revoked) = await HolderAsync("小宮山", "幸子", "こみやま", "さちこ");
        var client = _app.CreateClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/My/{person.AccessToken}"));
        var download = await client.GetAsync($"/My/{person.AccessToken}?handler=Certificate&certificateId={valid.Id}");
        var revokedDownload = await client.GetAsync($"/My/{person.AccessToken}?handler=Certificate&certificateId={revoked.Id}");

        Assert.Contains(valid.SerialLabel, page);
        Assert.Contains(revoked.SerialLabel, page);
        Assert.Contains("取り消されました", page);
        Assert.Contains($"/My/{person.AccessToken}?certificateId={valid.Id}&handler=Certificate", page);
        Assert.DoesNotContain($"certificateId={revoked.Id}", page);
        Assert.Contains($"/verify/{valid.VerificationCode}", page);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(await _app.WithDbAsync(db => Task.FromResult(_app.Services.GetRequiredService<CertificateStore>().Read(valid.PdfPath))),
            await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, revokedDownload.StatusCode);
        // Staff links never appear on the resident's own page.
        Assert.DoesNotContain("/Staff/", page);
    }

    [Fact]
    public async Task Nobody_downloads_someone_elses_certificate_through_their_own_link()
    {
        var (_, valid, _) = await HolderAsync("功刀", "正男", "くぬぎ", "まさお");
        var other = await _app.WithDbAsync(async db =>
        {
            var other = new PersonBuilder().Named("浅川", "昭二", "あさかわ", "しょうじ").Build();
            db.People.Add(other);
            await db.SaveChangesAsync();
            return other;
        });

        var page = await _app.CreateClient().GetStringAsync($"/My/{other.AccessToken}");
        var response = await _app.CreateClient().GetAsync($"/My/{other.AccessToken}?handler=Certificate&certificateId={valid.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("my-certificates", page);
    }
}
