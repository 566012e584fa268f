using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Training.Activities;
using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Registrations;
using Training.Time;

namespace Training.Demo;

/// <summary>
/// Fills an empty database with a believable demo of one city's program: districts, the city and its council of
/// social welfare, a 5-session supporter course, the monthly smartphone club, salons, and residents with furigana
/// (some with rare name characters, some without email). Dates are placed around today. A weekday intensive run of the
/// supporter course ended a few days ago: its completions, certificates and one revoked certificate are made by the
/// product's own services, as they would have been, so a newcomer sees a certificate without doing four staff steps.
/// </summary>
public class DemoData(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, CompletionService completions,
    Certificates.CertificateIssuer issuer, ILogger<DemoData> logger)
{
    /// <param name="districtMonths">
    /// When above zero, also a weekly salon in every district for this many months either side of today: a year of
    /// schedule for load tests and for trying the calendar.
    /// </param>
    public async Task<bool> SeedIfEmptyAsync(int districtMonths = 0, CancellationToken cancellationToken = default)
    {
        var finished = await unitOfWork.RunAsync(ct => SeedInUnitAsync(districtMonths, ct), cancellationToken);
        if (finished is not { } run) return false;
        await CompleteAsync(run, cancellationToken);
        return true;
    }

    /// <summary>
    /// What the product does after the finished run's last session, through its own services: completions derived from
    /// the register (and the qualification they grant), each certificate issued, and then one revoked, with its reason.
    /// </summary>
    private async Task CompleteAsync(int courseId, CancellationToken cancellationToken)
    {
        await completions.DeriveCourseAsync(courseId, cancellationToken);
        var completed = await db.Completions.AsNoTracking().Where(c => c.CourseId == courseId && c.Status == CompletionStatus.Completed)
            .OrderBy(c => c.Person!.KanaSortKey).Select(c => c.Id).ToListAsync(cancellationToken);
        var issued = new List<int>();
        foreach (var id in completed)
            if (await issuer.IssueAsync(id, cancellationToken) is { Outcome: Certificates.IssueOutcome.Issued, Certificate: { } certificate })
                issued.Add(certificate.Id);
        if (issued.Count > 1)
            await issuer.RevokeAsync(issued[^1], "ご本人から、修了証の交付を辞退するとの申し出があったため", Actor.System.StaffUserId,
                Actor.System.StaffUserName, cancellationToken);
        logger.LogInformation("Demo data: {Completions} completions of the finished run, {Certificates} certificates, one revoked",
            completed.Count, issued.Count);
    }

    /// <returns>The finished run's course id, or null when the database was not empty.</returns>
    private async Task<int?> SeedInUnitAsync(int districtMonths, CancellationToken cancellationToken)
    {
        if (await db.Programs.AnyAsync(cancellationToken) || await db.People.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo data not added: the database already has programs or people");
            return null;
        }

        var now = clock.UtcNow;
        // Index 0 is city-wide: no district (null), which every district's list includes.
        var areas = new Area?[]
        {
            null,
            Area("nirasaki", "韮崎地区", "にらさきちく", AreaTier.District, 1),
            Area("hosaka", "穂坂地区", "ほさかちく", AreaTier.District, 2),
            Area("fujii", "藤井地区", "ふじいちく", AreaTier.District, 3),
            Area("nakata", "中田地区", "なかたちく", AreaTier.District, 4),
            Area("tsubura", "円野地区", "つぶらのちく", AreaTier.District, 5),
            Area("seitetsu", "清哲地区", "せいてつちく", AreaTier.District, 6),
            Area("kamiyama", "神山地区", "かみやまちく", AreaTier.District, 7),
            Area("asahi", "旭地区", "あさひちく", AreaTier.District, 8),
            Area("ookusa", "大草地区", "おおくさちく", AreaTier.District, 9),
            Area("tatsuoka", "龍岡地区", "たつおかちく", AreaTier.District, 10),
        };
        db.Areas.AddRange(areas.OfType<Area>());

        var city = new Organisation { Name = "韮崎市", Kind = OrganisationKind.City, IssuerTitle = "韮崎市長", IssuerName = "山梨 一郎", Phone = "0551-22-1111", OpeningHours = "平日 8:30〜17:15" };
        var council = new Organisation
        {
            Name = "社会福祉法人 韮崎市社会福祉協議会", Kind = OrganisationKind.SocialWelfareCouncil,
            IssuerTitle = "社会福祉法人 韮崎市社会福祉協議会 会長", IssuerName = "八ヶ岳 花子", Phone = "0551-22-2222", OpeningHours = "平日 9:00〜17:00",
        };
        db.Organisations.AddRange(city, council);

        var supporter = QualificationType.Create("生活支援サポーター", description: "地域で高齢者の暮らしを支える活動に参加できる方");
        db.QualificationTypes.Add(supporter);

        var supporterCourse = new TrainingProgram(new ProgramDetails
        {
            Name = "生活支援サポーター養成講座", NameKana = "せいかつしえんさぽーたーようせいこうざ", Kind = ProgramKind.CertificateProgram,
            Description = "地域の支え合いの担い手になるための全5回の講座です。修了した方には修了証をお渡しします。",
            PlannedSessionCount = 5, CompletionRule = CompletionRuleKind.MinimumSessions, CompletionThreshold = 4,
            ExcusedAbsenceCountsAsAttended = false, MakeUpAllowed = true, MakeUpDeadlineDays = 180,
        }, city, grants: supporter);
        var followUp = new TrainingProgram(new ProgramDetails
        {
            Name = "生活支援サポーター フォローアップ研修", NameKana = "せいかつしえんさぽーたーふぉろーあっぷけんしゅう", Kind = ProgramKind.CertificateProgram,
            Description = "サポーターとして活動中の方のための研修です。", PlannedSessionCount = 1,
            CompletionRule = CompletionRuleKind.AllSessions,
        }, council, renews: supporter);
        var smartphone = new TrainingProgram(new ProgramDetails
        {
            Name = "スマホを楽しむ会", NameKana = "すまほをたのしむかい", Kind = ProgramKind.Activity,
            Description = "スマホやパソコンで知りたいこと・やってみたいことを、みんなで一緒に調べながら練習します。初めての方も歓迎です。",
            PlannedSessionCount = 12, CompletionRule = CompletionRuleKind.None,
        }, council);
        var salon = new TrainingProgram(new ProgramDetails
        {
            Name = "ひだまりサロン「スマイル」", NameKana = "ひだまりさろんすまいる", Kind = ProgramKind.Activity,
            Description = "お茶を飲みながらおしゃべりを楽しむ、地域の居場所です。", PlannedSessionCount = 12,
            CompletionRule = CompletionRuleKind.None,
        }, council);
        var exercise = new TrainingProgram(new ProgramDetails
        {
            Name = "筋力トレーニングお試し会", NameKana = "きんりょくとれーにんぐおためしかい", Kind = ProgramKind.Activity,
            Description = "椅子に座ってできる簡単な体操です。動きやすい服装でお越しください。", PlannedSessionCount = 3,
            CompletionRule = CompletionRuleKind.None,
        }, city);
        db.Programs.AddRange(supporterCourse, followUp, smartphone, salon, exercise);

        var today = clock.Today;
        var monthStart = new DateOnly(today.Year, today.Month, 1);

        // The supporter course started two months ago on the 2nd Wednesday and runs monthly: some sessions are past.
        // What residents ask before they come: where exactly, what it costs, what to bring.
        var supporterRun = Course(supporterCourse, $"{JapaneseDates.FiscalYear(clock.FiscalYearOf(today))} 第1期", 20, "韮崎市民交流センター ニコリ", areas[0], city, now,
            address: "韮崎市若宮一丁目2番50号", belongings: "筆記用具");
        var supporterDates = Enumerable.Range(-2, 5).Select(m => NthWeekday(monthStart.AddMonths(m), DayOfWeek.Wednesday, 2)).ToList();
        string[] topics = ["生活支援体制整備事業と地域の支え合い", "高齢者の心と体を知る", "認知症の方への接し方", "傾聴とコミュニケーション", "地域の活動を見学しよう・修了式"];
        string[] instructors = ["生活支援コーディネーター 小林", "保健師 望月", "認知症地域支援推進員 雨宮", "社会福祉士 輿石", "生活支援コーディネーター 小林"];
        for (var i = 0; i < supporterDates.Count; i++)
            Session(supporterRun, supporterDates[i], new TimeOnly(10, 0), new TimeOnly(12, 0), instructors[i], topics[i]);

        var smartphoneRun = Course(smartphone, JapaneseDates.FiscalYear(clock.FiscalYearOf(today)), 15, "穂坂地区公民館", areas[2], council, now,
            address: "韮崎市穂坂町宮久保4575", belongings: "スマートフォン（お持ちの方）と充電器");
        for (var m = -3; m <= 3; m++)
        {
            var date = NthWeekday(monthStart.AddMonths(m), DayOfWeek.Thursday, 3);
            Session(smartphoneRun, date, new TimeOnly(13, 30), new TimeOnly(15, 0), "生活支援コーディネーター 清水", "写真の整理とLINEのビデオ通話");
        }

        var salonRun = Course(salon, JapaneseDates.FiscalYear(clock.FiscalYearOf(today)), 25, "藤井町公民館", areas[3], council, now,
            address: "韮崎市藤井町南下條110", fee: "100円（お茶代）");
        for (var m = -1; m <= 3; m++)
        {
            var date = monthStart.AddMonths(m).AddDays(14);
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) date = date.AddDays(1);
            Session(salonRun, date, new TimeOnly(10, 0), new TimeOnly(11, 30), "", "おしゃべりとお茶の会");
        }

        var exerciseRun = Course(exercise, "冬の3回コース", 12, "中田町公民館", areas[4], city, now,
            address: "韮崎市中田町中條1520", belongings: "タオル、飲み物、動きやすい服装");
        for (var w = 0; w < 3; w++)
            Session(exerciseRun, NthWeekday(monthStart.AddMonths(1), DayOfWeek.Tuesday, w + 1), new TimeOnly(14, 0), new TimeOnly(15, 0), "健康運動指導士 保坂", "椅子でできる筋力トレーニング");
        db.Courses.AddRange(supporterRun, smartphoneRun, salonRun, exerciseRun);

        var people = DemoPeople(areas, now);
        db.People.AddRange(people);
        await db.SaveChangesAsync(cancellationToken);

        // Twelve people on the supporter course, eight at the smartphone club; past sessions have attendance.
        AddRegistrations(supporterRun, people.Take(12), now);
        AddRegistrations(smartphoneRun, people.Skip(8).Take(8), now);
        AddRegistrations(salonRun, people.Skip(14).Take(6), now);
        await db.SaveChangesAsync(cancellationToken);

        var statuses = new[] { AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Present, AttendanceStatus.Late, AttendanceStatus.Present, AttendanceStatus.ExcusedAbsence, AttendanceStatus.Present };
        var n = 0;
        foreach (var course in new[] { supporterRun, smartphoneRun, salonRun })
        {
            var registrations = await db.Registrations.Where(r => r.CourseId == course.Id).ToListAsync(cancellationToken);
            foreach (var session in course.Sessions.Where(s => s.EndsAt < now))
            {
                foreach (var registration in registrations)
                    db.Attendance.Add(new AttendanceRecord
                    {
                        SessionId = session.Id, PersonId = registration.PersonId, RegistrationId = registration.Id,
                        Status = statuses[n++ % statuses.Length], Source = AttendanceSource.PaperSheet, RecordedAt = session.EndsAt, Version = 1,
                    });
                session.MarkAttendanceTaken(session.EndsAt);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        var finished = await AddFinishedRunAsync(supporterCourse, city, areas[0], people.Skip(12).Take(10).ToList(), now, cancellationToken);
        await AddLocalActivitiesAsync(areas, council, supporter, people, now, cancellationToken);
        if (districtMonths > 0) await AddDistrictSalonsAsync(areas, council, monthStart, districtMonths, now, cancellationToken);
        logger.LogInformation("Demo data added: {Areas} areas, {People} people, {Courses} courses, {Sessions} sessions",
            areas.Length, people.Count, await db.Courses.CountAsync(cancellationToken), await db.Sessions.CountAsync(cancellationToken));
        return finished.Id;

        Session Session(Course run, DateOnly date, TimeOnly start, TimeOnly end, string instructor, string topic) =>
            run.PlanSession(clock.ToUtc(date, start), clock.ToUtc(date, end), run.Venue, instructor, topic);
    }

    /// <summary>
    /// A weekday intensive run of the supporter course whose five weekly sessions are all over, the last at least three
    /// days ago (so the certificate hold has ended on the real clock), with its register taken: most attended every
    /// session, one missed one (still completes: four of five), one missed two (does not).
    /// </summary>
    private async Task<Course> AddFinishedRunAsync(TrainingProgram program, Organisation organisation, Area? area, List<Person> people, DateTime now,
        CancellationToken cancellationToken)
    {
        var last = Weekday(clock.Today.AddDays(-3));
        var dates = Enumerable.Range(0, 5).Select(week => Weekday(last.AddDays(-7 * (4 - week)))).ToList();
        var run = Course(program, $"{JapaneseDates.FiscalYear(clock.FiscalYearOf(last))} 平日集中コース", 12, "韮崎市民交流センター ニコリ", area, organisation, now,
            address: "韮崎市若宮一丁目2番50号", belongings: "筆記用具", createdAt: clock.ToUtc(dates[0].AddDays(-40), new TimeOnly(9, 0)));
        string[] topics = ["生活支援体制整備事業と地域の支え合い", "高齢者の心と体を知る", "認知症の方への接し方", "傾聴とコミュニケーション", "地域の活動を見学しよう・修了式"];
        for (var i = 0; i < dates.Count; i++)
            run.PlanSession(clock.ToUtc(dates[i], new TimeOnly(13, 30)), clock.ToUtc(dates[i], new TimeOnly(15, 30)), run.Venue, "生活支援コーディネーター 小林", topics[i]);
        db.Courses.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        var registrations = people.Select((person, i) =>
        {
            var registration = Registration.Of(person, run.Id);
            registration.Place(hasSeat: true, null, person.HasEmail ? ContactChannel.Web : ContactChannel.Phone, null, run.CreatedAt.AddDays(1 + i));
            return registration;
        }).ToList();
        db.Registrations.AddRange(registrations);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var session in run.Sessions)
        {
            for (var i = 0; i < registrations.Count; i++)
            {
                // The second-to-last person missed the second session; the last missed the second and the fourth.
                var missed = (i == registrations.Count - 2 && session.SequenceNumber == 2)
                    || (i == registrations.Count - 1 && session.SequenceNumber is 2 or 4);
                db.Attendance.Add(new AttendanceRecord
                {
                    SessionId = session.Id, PersonId = registrations[i].PersonId, RegistrationId = registrations[i].Id,
                    Status = missed ? AttendanceStatus.Absent : AttendanceStatus.Present, Source = AttendanceSource.Tablet,
                    RecordedAt = session.EndsAt, Version = 1,
                });
            }
            session.MarkAttendanceTaken(session.EndsAt);
        }
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    /// <summary>The day itself, or the weekday before it that is not a national holiday.</summary>
    /// <summary>
    /// Local activities beyond the city's schedule — a salon, a 見守り round wanting two supporters, a city-wide shopping
    /// help — and a few months of records: two helpers active, one lapsed (last seen eight months ago).
    /// </summary>
    private async Task AddLocalActivitiesAsync(Area?[] areas, Organisation council, QualificationType supporter, List<Person> people, DateTime now, CancellationToken cancellationToken)
    {
        var kinds = await db.ActivityKinds.ToDictionaryAsync(k => k.Name, k => k.Id, cancellationToken);
        LocalActivity Activity(string name, string kana, string kind, Area? area, string schedule, string venue, string address, string contact, string phone) =>
            LocalActivity.Create(new ActivityInput
            {
                Name = name, NameKana = kana, KindId = kinds[kind], AreaId = area?.Id, Schedule = schedule, Venue = venue, Address = address,
                OrganisationId = council.Id, ContactName = contact, ContactPhone = phone, ListedPublicly = true,
            });
        var salon = Activity("ひだまりサロン", "ひだまりさろん", "サロン", areas[2], "毎月第2・第4水曜 10:00〜12:00", "穂坂町公民館", "韮崎市穂坂町宮久保1000", "保坂 勝（代表）", "0551-27-5555");
        var watch = Activity("藤井ふれあい見守り隊", "ふじいふれあいみまもりたい", "見守り", areas[3], "毎週火曜・金曜の午前", "藤井町の各地区", "", "藤井地区社協", "0551-22-7000");
        var shopping = Activity("買い物お助け便", "かいものおたすけびん", "買い物支援", null, "毎週木曜 13:00〜15:00", "市内のスーパー（送迎あり）", "", "韮崎市社会福祉協議会", "0551-22-7000");
        watch.AddNeed(new NeedInput { Helpers = 2, Days = Weekdays.Tuesday | Weekdays.Friday, Times = "9:00〜11:00", QualificationTypeId = supporter.Id, Note = "ひとり暮らしの方への声かけと安否の確認" });
        salon.AddNeed(new NeedInput { Helpers = 1, Days = Weekdays.Wednesday, Times = "9:30〜12:30", Note = "お茶の準備と受付" });
        db.LocalActivities.AddRange(salon, watch, shopping);
        await db.SaveChangesAsync(cancellationToken);

        var today = clock.Today;
        void Record(Person person, LocalActivity activity, DateOnly date, int minutes, int visits)
        {
            var input = new RecordInput { Date = date, StartTime = new TimeOnly(10, 0), Minutes = minutes, Visits = visits };
            db.ActivityRecords.Add(ActivityRecord.Create(person.Id, activity.Id, input, clock.ToUtc(date, input.StartTime.Value), RecordSource.Staff, Actor.System.StaffUserId ?? "system", now));
        }
        for (var week = 1; week <= 8; week++)
        {
            Record(people[2], watch, today.AddDays(-7 * week), 90, 3);   // 𠮷田 春江, 藤井地区: active
            Record(people[8], salon, today.AddDays(-14 * week), 120, 0); // 保坂 勝, 穂坂地区: active
        }
        Record(people[16], watch, today.AddMonths(-8), 60, 2);           // 中込 ハル: lapsed
        await db.SaveChangesAsync(cancellationToken);
    }

    private static DateOnly Weekday(DateOnly date)
    {
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || Courses.Scheduling.JapaneseHolidays.IsHoliday(date)) date = date.AddDays(-1);
        return date;
    }

    private async Task AddDistrictSalonsAsync(Area?[] areas, Organisation council, DateOnly monthStart, int months, DateTime now, CancellationToken cancellationToken)
    {
        var salon = new TrainingProgram(new ProgramDetails
        {
            Name = "いきいき地区サロン", NameKana = "いきいきちくさろん", Kind = ProgramKind.Activity,
            Description = "地区の公民館で毎週開く、体操とおしゃべりの集まりです。", PlannedSessionCount = 52, CompletionRule = CompletionRuleKind.None,
        }, council);
        db.Programs.Add(salon);
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var district = 0;
        foreach (var area in areas.OfType<Area>())
        {
            var course = Course(salon, $"{area.Name} {JapaneseDates.FiscalYear(clock.FiscalYearOf(monthStart))}", 30, $"{area.Name.Replace("地区", "")}公民館", area, council, now);
            var weekday = weekdays[district++ % weekdays.Length];
            for (var day = monthStart.AddMonths(-months); day < monthStart.AddMonths(months); day = day.AddDays(1))
            {
                if (day.DayOfWeek != weekday || Courses.Scheduling.JapaneseHolidays.IsHoliday(day)) continue;
                course.PlanSession(clock.ToUtc(day, new TimeOnly(13, 30)), clock.ToUtc(day, new TimeOnly(15, 0)), course.Venue, topic: "体操とおしゃべり");
            }
            db.Courses.Add(course);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private void AddRegistrations(Course course, IEnumerable<Person> people, DateTime now)
    {
        var channels = new[] { ContactChannel.Web, ContactChannel.Phone, ContactChannel.Paper, ContactChannel.Phone };
        var i = 0;
        foreach (var person in people)
        {
            var registration = Registration.Of(person, course.Id);
            var channel = person.HasEmail ? channels[i++ % channels.Length] : ContactChannel.Phone;
            registration.Place(hasSeat: true, null, channel, null, now.AddDays(-70 + i));
            db.Registrations.Add(registration);
        }
    }

    private static List<Person> DemoPeople(Area?[] areas, DateTime now)
    {
        // Family name, given name, furigana, email (null: reached by phone), phone, district index, birth year, sex.
        (string, string, string, string, string?, string, int, int, Sex)[] rows =
        [
            ("山﨑", "和子", "やまざき", "かずこ", "yamazaki.kazuko@example.jp", "0551-22-3456", 1, 1948, Sex.Female),
            ("髙橋", "茂", "たかはし", "しげる", null, "0551-23-1234", 2, 1944, Sex.Male),
            ("𠮷田", "春江", "よしだ", "はるえ", null, "090-1111-2222", 3, 1951, Sex.Female),
            ("渡邉", "文子", "わたなべ", "ふみこ", "fumiko.w@example.jp", "0551-25-0001", 1, 1955, Sex.Female),
            ("小林", "正男", "こばやし", "まさお", "m.kobayashi@example.jp", "080-2222-3333", 4, 1949, Sex.Male),
            ("望月", "きみ子", "もちづき", "きみこ", null, "0551-22-9876", 5, 1942, Sex.Female),
            ("雨宮", "誠", "あめみや", "まこと", "amemiya@example.jp", "", 6, 1960, Sex.Male),
            ("輿石", "由美", "こしいし", "ゆみ", "yumi.koshiishi@example.jp", "090-3333-4444", 7, 1958, Sex.Female),
            ("保坂", "勝", "ほさか", "まさる", null, "0551-27-5555", 2, 1946, Sex.Male),
            ("清水", "千代子", "しみず", "ちよこ", null, "0551-22-6666", 8, 1940, Sex.Female),
            ("浅川", "昭二", "あさかわ", "しょうじ", "asakawa.s@example.jp", "090-5555-6666", 9, 1950, Sex.Male),
            ("齋藤", "節子", "さいとう", "せつこ", null, "0551-28-7777", 10, 1947, Sex.Female),
            ("深澤", "博", "ふかさわ", "ひろし", "fukasawa@example.jp", "0551-22-8888", 1, 1953, Sex.Male),
            ("功刀", "美代", "くぬぎ", "みよ", null, "0551-26-1212", 3, 1945, Sex.Female),
            ("名取", "健一", "なとり", "けんいち", "natori.k@example.jp", "080-7777-8888", 4, 1962, Sex.Male),
            ("廣瀬", "恵美子", "ひろせ", "えみこ", "emiko.hirose@example.jp", "0551-23-3434", 3, 1957, Sex.Female),
            ("中込", "ハル", "なかごみ", "はる", null, "0551-24-5656", 3, 1938, Sex.Female),
            ("樋口", "幸雄", "ひぐち", "ゆきお", null, "0551-25-7878", 3, 1943, Sex.Male),
            ("長田", "和夫", "おさだ", "かずお", "osada@example.jp", "090-9999-0000", 5, 1952, Sex.Male),
            ("内藤", "トメ", "ないとう", "とめ", null, "0551-22-4545", 3, 1936, Sex.Female),
            ("野澤", "直美", "のざわ", "なおみ", "naomi.nozawa@example.jp", "", 6, 1966, Sex.Female),
            ("土屋", "隆", "つちや", "たかし", "tsuchiya.t@example.jp", "0551-22-1313", 7, 1959, Sex.Male),
        ];
        return rows.Select(r => Person.Create(r.Item1, r.Item2, r.Item3, r.Item4,
            email: r.Item5, phone: string.IsNullOrEmpty(r.Item6) ? null : r.Item6, area: areas[r.Item7],
            birthYear: r.Item8, sex: r.Item9, createdAt: now.AddDays(-90))).ToList();
    }

    private static Area Area(string code, string name, string kana, AreaTier tier, int order) =>
        new() { Code = code, Name = name, NameKana = kana, Tier = tier, SortOrder = order };

    private static Course Course(TrainingProgram program, string title, int capacity, string venue, Area? area, Organisation organisation, DateTime now,
        string address = "", string fee = "", string belongings = "", DateTime? createdAt = null) =>
        new(program, organisation, new CourseDetails(title, "", venue, "", capacity, Math.Min(5, capacity), null, null, null, address, fee, belongings), area,
            createdAt: createdAt ?? now.AddDays(-100));

    private static DateOnly NthWeekday(DateOnly monthStart, DayOfWeek day, int n)
    {
        var first = monthStart.AddDays(((int)day - (int)monthStart.DayOfWeek + 7) % 7);
        return first.AddDays(7 * (n - 1));
    }
}
