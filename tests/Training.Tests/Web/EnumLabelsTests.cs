using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;
using Training.Attendance;
using Training.Certificates;
using Training.Courses;
using Training.Notifications;
using Training.People;
using Training.Qualifications;
using Training.Registrations;
using Training.Staff;
using Training.Tests.Infrastructure;
using Training.Web.Pages;

namespace Training.Tests.Web;

/// <summary>
/// Every state the pages show — bookings, attendance, qualifications, emails, sign-ins, program kinds, sex, channels —
/// reads in the page's language: an English page shows none of the Japanese words, a Japanese page none of the code's
/// names (Confirmed, Waitlisted, Paper…). One resident, 花子, has one booking of each state and a little of everything.
/// </summary>
public sealed partial class EnumLabelsTests(EnumLabelsTests.SeededApp shared) : IClassFixture<EnumLabelsTests.SeededApp>
{
    /// <summary>One app for the class, on a frozen clock no test moves, with 花子 and her states seeded once; the tests only read the pages.</summary>
    public sealed class SeededApp() : SharedApp(null, new FakeTimeProvider(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)))), IAsyncLifetime
    {
        public int Hanako { get; private set; }

        public async Task InitializeAsync() => Hanako = await SeedAsync(App);

        public Task DisposeAsync() => Task.CompletedTask;
    }

    private readonly TrainingApp _app = shared.App;

    /// <summary>The Japanese words the labels helper gives every value of every state it names.</summary>
    private static readonly HashSet<string> JapaneseLabels = AllLabels(new Keys());

    /// <summary>What was typed in as data (names, titles, places): Japanese on any page.</summary>
    private static readonly string[] Data =
    [
        "生活支援サポーター養成講座", "スマホ教室", "いきいき体操", "令和8年度 第1期", "韮崎市民交流センター", "韮崎市長", "韮崎市", "韮崎地区", "第1回のテーマ", "第2回のテーマ", "第3回のテーマ",
        "山田 花子", "山田", "花子", "やまだ はなこ", "やまだ", "はなこ", "生活支援サポーター", "お知らせ", "ご案内", "本文", Consent.RegistrationContactWording,
        // What a resident agrees to is recorded in the words they read, in Japanese.
        .. Enum.GetValues<ConsentPurpose>().SelectMany(p => new[] { true, false }.Select(granted => Training.Web.Pages.Staff.People.DetailsModel.WordingFor(p, granted))).OfType<string>(),
    ];

    private static async Task<int> SeedAsync(TrainingApp app) => await app.WithDbAsync(async db =>
    {
        var now = app.Time!.GetUtcNow().UtcDateTime;
        var courses = new[]
        {
            await new CourseBuilder().SaveAsync(db),
            await new CourseBuilder().ForActivity("スマホ教室").WithCapacity(0).SaveAsync(db),
            await new CourseBuilder().ForActivity("いきいき体操").SaveAsync(db),
        };
        var hanako = new PersonBuilder().WithEmail("hanako@example.jp").OfSex(Sex.Female).BornIn(1950).Build();
        db.People.Add(hanako);
        await db.SaveChangesAsync();
        db.Registrations.Add(new RegistrationBuilder().For(courses[0].Id).Of(hanako).RegisteredAt(now.AddDays(-60)).Build());
        db.Registrations.Add(new RegistrationBuilder().For(courses[1].Id).Of(hanako).RegisteredAt(now.AddDays(-60)).Waiting(1).Build());
        db.Registrations.Add(new RegistrationBuilder().For(courses[2].Id).Of(hanako).RegisteredAt(now.AddDays(-60)).Cancelled(now.AddDays(-50)).Build());
        var sessions = courses[0].Sessions.OrderBy(s => s.StartsAt).ToList();
        db.Attendance.Add(new AttendanceRecord { SessionId = sessions[0].Id, Person = hanako, Status = AttendanceStatus.Present, RecordedAt = sessions[0].StartsAt });
        db.Attendance.Add(new AttendanceRecord { SessionId = sessions[1].Id, Person = hanako, Status = AttendanceStatus.ExcusedAbsence, RecordedAt = sessions[1].StartsAt });
        var supporter = QualificationType.Create("生活支援サポーター", 36);
        db.Qualifications.Add(new Qualification { Person = hanako, QualificationType = supporter, GrantedAt = now.AddYears(-1), ExpiresAt = now.AddYears(2) });
        hanako.RecordConsent(ConsentPurpose.Contact, true, Consent.RegistrationContactWording, now, ContactChannel.Paper, null);
        foreach (var status in new[] { EmailStatus.Pending, EmailStatus.Sent, EmailStatus.Failed })
            db.OutboundEmails.Add(new OutboundEmail
            {
                IdempotencyKey = $"{status}", PersonId = hanako.Id, ToAddress = "hanako@example.jp", ToName = "山田 花子", Subject = "ご案内", TextBody = "本文",
                Status = status, Category = status == EmailStatus.Sent ? EmailCategory.Reminder : EmailCategory.Essential,
            });
        foreach (var result in Enum.GetValues<SignInAttemptResult>())
            db.SignInAttempts.Add(new SignInAttempt { At = now.AddHours(-1), Email = TrainingApp.AdminEmail, RemoteAddress = "198.51.100.7", Result = result });
        await db.SaveChangesAsync();
        return hanako.Id;
    });

    private async Task<(HttpClient Client, string[] Pages)> PagesAsync(string language)
    {
        var hanako = shared.Hanako;
        var client = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);
        await client.GetAsync($"/Culture?culture={language}&returnUrl=%2F");
        var courseId = await _app.WithDbAsync(db => Task.FromResult(db.Courses.OrderBy(c => c.Id).First().Id));
        return (client, [$"/Staff/People/{hanako}", "/Staff/Emails", "/Staff/Programs", "/Staff/Admin/SignIns", "/Account/Manage", $"/Staff/Courses/{courseId}", "/Staff/Reports?year=2026"]);
    }

    [Fact]
    public async Task An_English_page_shows_every_state_in_English()
    {
        var (client, pages) = await PagesAsync("en");

        foreach (var url in pages)
        {
            var html = await client.GetStringAsync(url);
            Assert.Contains("<html lang=\"en\">", html);
            var words = Words(html).ToList();
            Assert.NotEmpty(words);
            var japanese = words.Where(w => JapaneseLabels.Contains(w) || JapaneseText().IsMatch(Regex.Replace(w, string.Join("|", Data.OrderByDescending(d => d.Length).Select(Regex.Escape)), ""))).Distinct().ToList();
            Assert.True(japanese.Count == 0, $"{url} shows Japanese in English: {string.Join(" | ", japanese)}");
        }
    }

    [Fact]
    public async Task The_English_pages_say_each_state_in_English_words()
    {
        var (client, pages) = await PagesAsync("en");

        var person = Words(await client.GetStringAsync(pages[0])).ToList();
        Assert.Contains("Booked", person);
        Assert.Contains("Waiting list: number 1", person);
        Assert.Contains("Cancelled", person);
        Assert.Contains(person, w => w.Contains("Present", StringComparison.Ordinal));
        Assert.Contains(person, w => w.Contains("Absent (with notice)", StringComparison.Ordinal));
        Assert.Contains("Valid", person);
        Assert.Contains("Female", person);
        Assert.Contains("On paper", person);
        var emails = string.Join("\n", Words(await client.GetStringAsync("/Staff/Emails")));
        Assert.Contains("Queued", emails);
        Assert.Contains("Sent", emails);
        Assert.Contains("Failed", emails);
        var programs = Words(await client.GetStringAsync("/Staff/Programs")).ToList();
        Assert.Contains("Course with a certificate", programs);
        Assert.Contains("Gathering or activity", programs);
    }

    [Fact]
    public async Task The_sign_in_lists_name_each_outcome_for_what_it_was()
    {
        var (client, _) = await PagesAsync("en");

        var failures = Words(await client.GetStringAsync("/Staff/Admin/SignIns")).ToList();
        var own = Words(await client.GetStringAsync("/Account/Manage")).ToList();

        // A wrong authenticator code, an emailed unlock and an administrator's clearing once all read "wrong password".
        Assert.Equal(1, failures.Count(w => w == "Wrong password or unknown"));
        Assert.Contains("Attempts", failures);
        Assert.Contains("Wrong authenticator code", failures);
        Assert.Contains("Let in by the emailed link", failures);
        Assert.Contains("Failed attempts cleared by an administrator", failures);
        Assert.Contains("Signed in", own);
        Assert.Contains("Wrong password", own);
    }

    [Fact]
    public async Task A_Japanese_page_shows_no_names_from_the_code()
    {
        var (client, pages) = await PagesAsync("ja");
        var names = new[] { typeof(RegistrationStatus), typeof(AttendanceStatus), typeof(QualificationStatus), typeof(EmailStatus), typeof(EmailCategory), typeof(SignInAttemptResult), typeof(ProgramKind), typeof(Sex), typeof(ContactChannel), typeof(ConsentPurpose) }
            .SelectMany(Enum.GetNames).ToHashSet();

        foreach (var url in pages)
        {
            var html = await client.GetStringAsync(url);
            var raw = Words(html).SelectMany(w => LatinWord().Matches(w).Select(m => m.Value)).Where(names.Contains).Distinct().ToList();
            Assert.True(raw.Count == 0, $"{url} shows {string.Join(", ", raw)}");
        }
    }

    [Fact]
    public void Every_state_the_labels_helper_names_has_an_English_word()
    {
        var english = System.Xml.Linq.XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Training.Web", "Resources", "SharedResource.en.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();

        Assert.True(JapaneseLabels.Count > 40);
        Assert.DoesNotContain(JapaneseLabels, label => !english.Contains(label) && !english.Contains(Formats().Replace(label, "{0}")));
    }

    /// <summary>Every label the helper gives, through a localizer that answers with the key (the Japanese).</summary>
    private static HashSet<string> AllLabels(IStringLocalizer t) =>
    [
        .. Enum.GetValues<AttendanceStatus>().Select(v => Labels.Attendance(t, v)),
        .. Enum.GetValues<Sex>().Select(v => Labels.Sex(t, v)),
        .. Enum.GetValues<PrintBatchStatus>().Select(v => Labels.PrintStatus(t, v)),
        .. Enum.GetValues<EmailCategory>().Select(v => Labels.EmailCategory(t, v)),
        .. Enum.GetValues<EmailStatus>().Select(v => Labels.EmailStatus(t, v)),
        .. Enum.GetValues<ConsentPurpose>().Select(v => Labels.ConsentPurpose(t, v)),
        .. Enum.GetValues<ContactChannel>().Select(v => Labels.Channel(t, v)),
        .. Enum.GetValues<ContactChannel>().Select(v => Labels.CreatedVia(t, v)),
        .. Enum.GetValues<RegistrationStatus>().Select(v => Labels.RegistrationStatus(t, v)),
        .. Enum.GetValues<RegistrationStatus>().Select(v => Labels.RegistrationStatus(t, v, 1)),
        .. Enum.GetValues<QualificationStatus>().Select(v => Labels.QualificationStatus(t, v)),
        .. Enum.GetValues<ProgramKind>().Select(v => Labels.ProgramKind(t, v)),
        .. Enum.GetValues<SignInAttemptResult>().Select(v => Labels.SignInResult(t, v)),
        .. Enum.GetValues<SignInAttemptResult>().Select(v => Labels.SignInResult(t, v, ownAccount: true)),
        .. Enum.GetValues<Training.Activities.HelperStage>().Select(v => Labels.HelperStage(t, v)),
        .. Enum.GetValues<Training.Activities.RecordSource>().Select(v => Labels.RecordSource(t, v)),
        .. Enum.GetValues<Training.Activities.RecordStatus>().Select(v => Labels.RecordStatus(t, v)),
    ];

    /// <summary>The text of the page's main part, piece by piece (each text between tags, trimmed).</summary>
    private static IEnumerable<string> Words(string html)
    {
        var main = MainPart().Match(html);
        Assert.True(main.Success, "no <main> on the page");
        var text = Regex.Replace(Regex.Replace(main.Value, "<(script|style)[^>]*>.*?</\\1>", "", RegexOptions.Singleline), "<[^>]+>", "\n");
        return WebUtility.HtmlDecode(text).Split('\n').Select(w => w.Trim()).Where(w => w.Length > 0);
    }

    private sealed class Keys : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    [GeneratedRegex("<main[^>]*>.*</main>", RegexOptions.Singleline)]
    private static partial Regex MainPart();

    /// <summary>A Japanese word: kana or kanji (punctuation such as ・ between English pieces of data is not a word).</summary>
    [GeneratedRegex(@"[\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u4e00-\u9fff]")]
    private static partial Regex JapaneseText();

    [GeneratedRegex("[A-Za-z]+")]
    private static partial Regex LatinWord();

    /// <summary>The number a formatted label was given (キャンセル待ち 1番目 ← キャンセル待ち {0}番目).</summary>
    [GeneratedRegex("1")]
    private static partial Regex Formats();
}
