using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Organisations;
using Training.People;
using Training.Registrations;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>
/// A merge cannot be undone, so it is never one click: the records are compared side by side, saying which one
/// survives, and merged only when that is confirmed. The people list names each pair of same-name records and links it.
/// </summary>
/// <remarks>
/// One app for the class, with 穂坂地区: each test's twins have a given name of their own (the pages offer everyone of the
/// same name as a possible duplicate) and it asserts on them. The people list's notice counts every same-name pair on
/// record, so that test keeps an app of its own.
/// </remarks>
public sealed class MergeConfirmationTests(MergeConfirmationTests.App shared) : IClassFixture<MergeConfirmationTests.App>
{
    /// <summary>The class's app, with 穂坂地区.</summary>
    public sealed class App : SharedApp
    {
        public App() => Hosaka = this.App.WithDbAsync(async db =>
        {
            var area = new Area { Code = "H", Name = "穂坂地区", NameKana = "ほさかちく" };
            db.Areas.Add(area);
            await db.SaveChangesAsync();
            return area.Id;
        }).GetAwaiter().GetResult();

        public int Hosaka { get; }
    }

    private TrainingApp _app = shared.App;

    private Task<HttpClient> AdminAsync() => StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

    /// <summary>
    /// 髙橋 茂 (phone, one booking) recorded first, and 高橋 茂 (email, a completed course with its certificate) later, in one
    /// district; another given name, phone and email than 茂's for each test.
    /// </summary>
    private async Task<(Person Kept, Person Other, int Certificate)> TwinsAsync(
        string given = "茂", string givenKana = "しげる", string givenKatakana = "シゲル", string phone = "0551-23-1234", string email = "shigeru@example.jp")
    {
        var (kept, other) = await _app.WithDbAsync(async db =>
        {
            var course = await new CourseBuilder().SaveAsync(db);
            var k = new PersonBuilder().Named("髙橋", given, "たかはし", givenKana).WithPhone(phone).InArea(shared.Hosaka).Build();
            var o = new PersonBuilder().Named("高橋", given, "タカハシ", givenKatakana).WithPhone(null).WithEmail(email).InArea(shared.Hosaka).Build();
            db.People.AddRange(k, o);
            await db.SaveChangesAsync();
            db.Registrations.Add(new RegistrationBuilder().For(course.Id).Of(k.Id).Build());
            await db.SaveChangesAsync();
            return (k, o);
        });
        var completion = await _app.WithDbAsync(db => CompletionSeed.SaveAsync(db, other));
        var certificate = (await _app.IssueAsync(completion.Id)).Certificate;
        Assert.NotNull(certificate);
        return (kept, other, certificate.Id);
    }

    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {testId} on the page");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_merge_button_opens_both_records_side_by_side_saying_which_survives_and_nothing_is_merged_until_confirmed()
    {
        var (kept, other, certificate) = await TwinsAsync();
        var client = await AdminAsync();

        var person = await client.GetStringAsync($"/Staff/People/{kept.Id}");
        var compare = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/People/{kept.Id}/Merge/{other.Id}"));
        var bothAfterLooking = await _app.WithDbAsync(db => db.People.CountAsync(p => p.Id == kept.Id || p.Id == other.Id));

        Assert.Contains($"/Staff/People/{kept.Id}/Merge/{other.Id}", person);
        Assert.Contains("「髙橋 茂」の記録を残します", compare);
        var keep = Section(compare, "merge-keep");
        Assert.Contains("残る記録", keep);
        Assert.Contains("たかはし しげる", keep);
        Assert.Contains("0551-23-1234", keep);
        Assert.Contains("穂坂地区", keep);
        Assert.Contains("data-testid=\"bookings\">1<", keep);
        Assert.Contains("data-testid=\"certificates\">0<", keep);
        var gone = Section(compare, "merge-other");
        Assert.Contains("なくなる記録", gone);
        Assert.Contains("タカハシ シゲル", gone);
        Assert.Contains("shigeru@example.jp", gone);
        Assert.Contains("data-testid=\"bookings\">1<", gone);
        Assert.Contains("data-testid=\"certificates\">1<", gone);
        // Either may be kept: the other way round is one tap away, and it too only compares.
        Assert.Contains($"/Staff/People/{other.Id}/Merge/{kept.Id}", compare);
        Assert.Equal(2, bothAfterLooking);

        var merged = await client.PostAsync($"/Staff/People/{kept.Id}/Merge/{other.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(compare),
        }));
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(merged.Headers.Location!.OriginalString));

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal($"/Staff/People/{kept.Id}", merged.Headers.Location!.OriginalString);
        Assert.Contains("高橋 茂（タカハシ シゲル）の記録をこの方に統合しました。", after);
        await _app.WithDbAsync(async db =>
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == other.Id));
            Assert.Equal(kept.Id, (await db.Certificates.SingleAsync(c => c.Id == certificate)).PersonId);
            Assert.Equal(2, await db.Registrations.CountAsync(r => r.PersonId == kept.Id));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "merge" && (a.PersonId == kept.Id || a.PersonId == other.Id)));
        });
    }

    [Fact]
    public async Task Swapping_keeps_the_other_record_and_a_second_confirmation_of_a_done_merge_changes_nothing()
    {
        var (kept, other, _) = await TwinsAsync("進", "すすむ", "ススム", "0551-23-2345", "susumu@example.jp");
        var client = await AdminAsync();

        var swapped = WebUtility.HtmlDecode(await client.GetStringAsync($"/Staff/People/{other.Id}/Merge/{kept.Id}"));
        var merged = await Forms.PostAsync(client, $"/Staff/People/{other.Id}/Merge/{kept.Id}", new Dictionary<string, string>());
        var again = await client.PostAsync($"/Staff/People/{other.Id}/Merge/{kept.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(swapped),
        }));

        Assert.Contains("「高橋 進」の記録を残します", swapped);
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("すでに統合されているか削除されています", WebUtility.HtmlDecode(await client.GetStringAsync(again.Headers.Location!.OriginalString)));
        Assert.Equal([other.Id], await _app.WithDbAsync(db => db.People.Where(p => p.Id == kept.Id || p.Id == other.Id).Select(p => p.Id).ToListAsync()));
    }

    [Fact]
    public async Task Records_that_are_not_possible_duplicates_of_each_other_are_not_compared_or_merged()
    {
        var (kept, other, _) = await TwinsAsync("実", "みのる", "ミノル", "0551-23-3456", "minoru@example.jp");
        var stranger = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").WithPhone("0551-99-0000").Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var client = await AdminAsync();

        var compare = await client.GetAsync($"/Staff/People/{kept.Id}/Merge/{stranger.Id}");
        var itself = await client.GetAsync($"/Staff/People/{kept.Id}/Merge/{kept.Id}");
        var merge = await Forms.PostAsync(client, $"/Staff/People/{kept.Id}", new Dictionary<string, string>(), $"/Staff/People/{kept.Id}/Merge/{stranger.Id}");

        Assert.Equal(HttpStatusCode.NotFound, compare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, itself.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, merge.StatusCode);
        Assert.Equal(3, await _app.WithDbAsync(db => db.People.CountAsync(p => p.Id == kept.Id || p.Id == other.Id || p.Id == stranger.Id)));
    }

    [Fact]
    public async Task The_people_list_names_each_pair_with_the_same_name_and_furigana_and_links_it_to_its_comparison()
    {
        // Its own app: the notice counts every pair on record.
        using var app = new TrainingApp();
        _app = app;
        var ids = await _app.WithDbAsync(async db =>
        {
            var people = new[]
            {
                new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithPhone("0551-22-0001").Build(),
                new PersonBuilder().Named("山田", "花子", "ヤマダ", "ハナコ").WithPhone("0551-22-0002").Build(),
                new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithPhone("0551-22-0003").Build(),
                new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithPhone("0551-22-0004").Build(),
                new PersonBuilder().Named("佐藤", "一郎", "さとう", "いちろう").WithPhone("0551-22-0005").Build(),
                new PersonBuilder().Named("浅川", "和子", "あさかわ", "かずこ").Build(),
            };
            foreach (var person in people)
            {
                db.People.Add(person);
                await db.SaveChangesAsync();
            }
            return people.Select(p => p.Id).ToArray();
        });
        var client = await AdminAsync();

        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/Staff/People"));
        var start = list.IndexOf("data-testid=\"duplicate-pairs\"", StringComparison.Ordinal);
        var notice = list[start..list.IndexOf("</section>", start, StringComparison.Ordinal)];
        var firstPair = await client.GetAsync($"/Staff/People/{ids[0]}/Merge/{ids[1]}");

        Assert.Contains("同じ名前とふりがなの登録が 2組 あります", notice);
        // The older record of each group with each of the others: 佐藤 一郎 three times makes two pairs.
        Assert.Contains($"/Staff/People/{ids[0]}/Merge/{ids[1]}", notice);
        Assert.Contains($"/Staff/People/{ids[2]}/Merge/{ids[3]}", notice);
        Assert.Contains($"/Staff/People/{ids[2]}/Merge/{ids[4]}", notice);
        Assert.Equal(3, notice.Split("比べて統合する").Length - 1);
        Assert.Contains("ヤマダ ハナコ", notice);
        Assert.DoesNotContain("浅川", notice);
        Assert.Equal(HttpStatusCode.OK, firstPair.StatusCode);
    }
}
