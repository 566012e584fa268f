using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Training.Attendance;
using Training.Configuration;

namespace Training.Benchmarks;

/// <summary>Printable documents coordinators download at the community centre.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PdfBenchmarks
{
    private SignInSheetPdf _sheet = null!;
    private AttendanceGridPdf _grid = null!;
    private List<SignInSheetLine> _sixty = null!;
    private List<GridPerson> _gridPeople = null!;
    private List<GridSession> _gridSessions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var templates = Options.Create(new TemplatesOptions { Directory = Paths.Templates });
        var site = Options.Create(new SiteOptions());
        var documents = Options.Create(new DocumentsOptions());
        _sheet = new SignInSheetPdf(site, templates, documents);
        _grid = new AttendanceGridPdf(site, templates, documents);
        string[] families = ["山﨑", "髙橋", "渡邉", "齋藤", "小林", "望月", "雨宮", "輿石", "保坂", "清水", "浅川", "深澤"];
        string[] kana = ["やまざき", "たかはし", "わたなべ", "さいとう", "こばやし", "もちづき", "あめみや", "こしいし", "ほさか", "しみず", "あさかわ", "ふかさわ"];
        _sixty = Enumerable.Range(0, 60).Select(i => new SignInSheetLine($"{kana[i % 12]} はなこ", $"{families[i % 12]} 花子{i}", i % 7 == 0 ? "振替" : null)).ToList();
        _gridSessions = Enumerable.Range(1, 8).Select(i => new GridSession(i, new DateOnly(2026, 4, 8).AddMonths(i), false)).ToList();
        _gridPeople = _sixty.Select(p => new GridPerson(p.FullNameKana, p.FullName,
            Enumerable.Range(0, 8).Select(i => (AttendanceStatus?)(i % 5 == 0 ? AttendanceStatus.Absent : AttendanceStatus.Present)).ToList(), true)).ToList();
        _sheet.Render("生活支援サポーター養成講座", "令和8年度 第1期", 1, DateTime.Now, DateTime.Now, "韮崎市民交流センター", _sixty); // fonts loaded once
    }

    [Benchmark(Description = "Sign-in sheet, 60 registrants")]
    public byte[] SignInSheet60() =>
        _sheet.Render("生活支援サポーター養成講座", "令和8年度 第1期", 3, new DateTime(2026, 12, 9, 10, 0, 0), new DateTime(2026, 12, 9, 12, 0, 0), "韮崎市民交流センター", _sixty);

    [Benchmark(Description = "Attendance grid, 60 people × 8 sessions")]
    public byte[] Grid60() => _grid.Render("生活支援サポーター養成講座", "令和8年度 第1期", _gridSessions, _gridPeople);
}
