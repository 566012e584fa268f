using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Data;
using Training.Text;
using Training.Time;

namespace Training.People;

public sealed record ImportedPerson(int Row, string FamilyName, string GivenName, string FamilyNameKana, string GivenNameKana, string? Phone, string? Email,
    int? AreaId, string? Area, int? BirthYear, Sex Sex, int? ExistingPersonId, string? ExistingName);

public sealed record PeopleImportPreview(IReadOnlyList<ImportedPerson> People, ImportProblems Problems)
{
    public bool CanImport => Problems.Count == 0 && People.Any(p => p.ExistingPersonId is null);
    /// <summary>Into a course's participants, matched people count too.</summary>
    public bool CanImportInto => Problems.Count == 0 && People.Count > 0;
    public int New => People.Count(p => p.ExistingPersonId is null);
    public int AlreadyKnown => People.Count(p => p.ExistingPersonId is not null);
}

/// <summary>
/// The people of an existing ledger (Excel or CSV) brought in: every row checked first and reported by row, column and
/// reason; people already here (the same name and furigana once variant kanji and kana are folded — 髙/高, 﨑/崎, 斉/齋,
/// ヴ/ブ — or the same phone number) are matched, not added twice; the rest are added all together or not at all,
/// and the import is logged.
/// </summary>
public class PeopleImport(TrainingDbContext db, UnitOfWork unitOfWork, SiteClock clock, AuditLog audit)
{
    public static readonly string[] Columns = ["氏", "名", "氏（ふりがな）", "名（ふりがな）", "電話", "メール", "地区", "生まれた年", "性別"];

    /// <summary>The column of the ledger each field of <see cref="PersonInput"/> comes from.</summary>
    private static readonly Dictionary<string, string> ColumnOf = new()
    {
        [nameof(PersonInput.FamilyName)] = "氏", [nameof(PersonInput.GivenName)] = "名", [nameof(PersonInput.FamilyNameKana)] = "氏（ふりがな）",
        [nameof(PersonInput.GivenNameKana)] = "名（ふりがな）", [nameof(PersonInput.Phone)] = "電話", [nameof(PersonInput.Email)] = "メール",
        [nameof(PersonInput.BirthYear)] = "生まれた年", [nameof(PersonInput.AreaId)] = "地区",
    };

    public async Task<PeopleImportPreview> PreviewAsync(byte[] file, CancellationToken cancellationToken = default)
    {
        if (!SpreadsheetFile.TryReadRows(file, out var rows, out var unreadable)) return new([], new(new(0, "", unreadable)));
        var header = rows[0].Select(h => h.Trim().Normalize(NormalizationForm.FormKC).Replace("(", "（").Replace(")", "）")).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c.Normalize(NormalizationForm.FormKC).Replace("(", "（").Replace(")", "）")));
        var problems = new ImportProblems();
        foreach (var missing in index.Where(i => i.Value < 0 && i.Key is "氏" or "氏（ふりがな）"))
            problems.Add(1, missing.Key, $"見出しに「{missing.Key}」の列がありません。見出しは {string.Join(",", Columns)} です。");
        if (problems.Count > 0) return new([], problems);

        var areas = await db.Areas.AsNoTracking().ToListAsync(cancellationToken);
        var existing = await db.People.AsNoTracking().Where(p => p.AnonymisedAt == null)
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.SearchKey, p.KanaSortKey, p.PhoneDigits }).ToListAsync(cancellationToken);
        var byName = existing.ToLookup(p => (p.SearchKey, p.KanaSortKey));
        var byPhone = existing.Where(p => !string.IsNullOrEmpty(p.PhoneDigits)).ToLookup(p => p.PhoneDigits!);
        var inFile = new Dictionary<(string, string), int>();
        var people = new List<ImportedPerson>();
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var number = i + 1;
            if (row.All(string.IsNullOrWhiteSpace)) continue;
            string Cell(string column) => index[column] >= 0 && index[column] < row.Count ? row[index[column]].Trim() : "";
            var (before, keptBefore) = (problems.Total, problems.Count);
            void Problem(string column, string reason) => problems.Add(number, column, reason);

            var family = Cell("氏");
            var given = Cell("名");
            var familyKana = NameFolding.NormaliseFurigana(Cell("氏（ふりがな）"));
            var givenKana = NameFolding.NormaliseFurigana(Cell("名（ふりがな）"));
            var phone = Cell("電話");
            var phoneDigits = PhoneNumbers.Digits(phone);
            var email = Cell("メール");
            var yearText = Cell("生まれた年");
            // The same checks as every form (PersonInput), as a coordinator enters people: the given name may be missing.
            var input = new PersonInput
            {
                FamilyName = family, GivenName = given, FamilyNameKana = familyKana, GivenNameKana = givenKana, Email = email, Phone = phone, BirthYear = yearText,
            };
            foreach (var problem in input.Problems(PersonRules.Staff, clock.Today.Year))
            {
                var column = ColumnOf[problem.Field];
                var value = Cell(column);
                Problem(column, value.Length == 0 ? problem.Message : $"「{SpreadsheetFile.Quote(value)}」：{problem.Message}");
            }
            int? areaId = null;
            var areaName = Cell("地区");
            if (areaName.Length > 0)
            {
                var area = areas.FirstOrDefault(a => a.Name == areaName || a.Name == areaName + "地区" || a.Name.TrimEnd('地', '区') == areaName);
                if (area is null) Problem("地区", $"「{SpreadsheetFile.Quote(areaName)}」という地区はありません。あるのは {string.Join("、", areas.Select(a => a.Name))} です。");
                else areaId = area.Id;
            }
            var birthYear = input.BirthYearValue(clock.Today.Year);
            var sex = Cell("性別") switch
            {
                "" => Sex.NotRecorded,
                "女" or "女性" or "F" or "f" => Sex.Female,
                "男" or "男性" or "M" or "m" => Sex.Male,
                "その他" => Sex.Other,
                var other => Invalid(other),
            };
            Sex Invalid(string text)
            {
                Problem("性別", $"「{SpreadsheetFile.Quote(text)}」は 女・男・その他・空欄 のどれかにしてください。");
                return Sex.NotRecorded;
            }
            if (problems.Total > before)
            {
                // A row's problems read left to right, as the columns of the ledger.
                problems.OrderRowSince(keptBefore, p => Array.IndexOf(Columns, p.Column));
                continue;
            }

            // The same keys a stored person carries (Person.RefreshKeys), so a match here is a match there.
            var key = (NameFolding.SearchKey($"{family}{given}") + "|" + NameFolding.SearchKey($"{familyKana}{givenKana}"), NameFolding.PersonSortKey(familyKana, givenKana));
            if (inFile.TryGetValue(key, out var firstRow))
            {
                Problem("氏", $"{firstRow}行目と同じ方のようです（{family} {given}）。1行にまとめてください。");
                continue;
            }
            inFile[key] = number;
            var match = byName[key].FirstOrDefault() ?? (phoneDigits is null ? null : byPhone[phoneDigits].FirstOrDefault());
            people.Add(new ImportedPerson(number, family, given, familyKana, givenKana, phone.Length > 0 ? phone : null, email.Length > 0 ? email : null,
                areaId, areaName.Length > 0 ? areaName : null, birthYear, sex, match?.Id, match is null ? null : $"{match.FamilyName} {match.GivenName}"));
        }
        if (people.Count == 0 && problems.Count == 0) problems.Add(0, "", "取り込む行がありません。");
        return new(people, problems);
    }

    /// <summary>Seats the course has left and the last place on its waiting list, for the preview and the import alike.</summary>
    public async Task<(int Left, int LastWaitlistPosition)> SeatsAsync(int courseId, CancellationToken cancellationToken = default)
    {
        var seats = await db.Courses.AsNoTracking().Where(c => c.Id == courseId).Select(c => new
        {
            c.Capacity,
            Confirmed = db.Registrations.Count(r => r.CourseId == courseId && r.Status == Registrations.RegistrationStatus.Confirmed),
            Last = db.Registrations.Where(r => r.CourseId == courseId && r.Status == Registrations.RegistrationStatus.Waitlisted).Max(r => r.WaitlistPosition),
        }).FirstAsync(cancellationToken);
        return (Math.Max(0, seats.Capacity - seats.Confirmed), seats.Last ?? 0);
    }

    /// <summary>How many of the file's people the course would take, and how many of them would wait for a seat.</summary>
    public async Task<(int Registering, int Waitlisted)> CourseEffectAsync(PeopleImportPreview preview, int courseId, CancellationToken cancellationToken = default)
    {
        var already = (await db.Registrations.AsNoTracking().Where(r => r.CourseId == courseId).Select(r => r.PersonId).ToListAsync(cancellationToken)).ToHashSet();
        var registering = preview.People.Count(p => p.ExistingPersonId is null || !already.Contains(p.ExistingPersonId.Value));
        var (left, _) = await SeatsAsync(courseId, cancellationToken);
        return (registering, Math.Max(0, registering - left));
    }

    /// <param name="courseId">When given, every person of the file (new or matched) is also registered on this course,
    /// as a course's paper ledger of participants is brought in; people already registered there are left as they are.</param>
    /// <returns>The number of people added; nothing is added when any row has a problem.</returns>
    public async Task<int> ImportAsync(byte[] file, string fileName, Actor actor, int? courseId = null, CancellationToken cancellationToken = default)
    {
        var preview = await PreviewAsync(file, cancellationToken);
        if (courseId is null ? !preview.CanImport : !preview.CanImportInto)
            throw new InvalidOperationException("The file has problems; nothing was imported.");
        var batch = new ImportBatch
        {
            FileName = fileName.Length > 260 ? fileName[..260] : fileName, StaffUserId = actor.StaffUserId, CourseId = courseId,
            StartedAt = clock.UtcNow, HeartbeatAt = clock.UtcNow, Status = ImportBatchStatus.Running, WrittenBy = ClaimTokens.Mine,
        };
        await unitOfWork.RunAsync(_ => { db.ImportBatches.Add(batch); return Task.CompletedTask; }, cancellationToken);
        try
        {
            var (added, registered, waitlisted) = await WriteInChunksAsync(preview, batch, actor, courseId, cancellationToken);
            await unitOfWork.RunAsync(async ct =>
            {
                var course = courseId is null ? null : await db.Courses.Include(c => c.Program).FirstOrDefaultAsync(c => c.Id == courseId, ct);
                // Figures in a fixed form the audit page words in the reader's language (AuditDetails).
                audit.Record(actor, AuditAction.ImportPeople, new AuditTarget("Import", null, fileName, CourseId: courseId),
                    $"added={added}; known={preview.AlreadyKnown}" + (course is null ? "" : $"; course={course.Program!.Name} {course.Title}; booked={registered}; waiting={waitlisted}"));
                batch.Status = ImportBatchStatus.Done;
                batch.FinishedAt = clock.UtcNow;
                await db.SaveChangesAsync(ct);
                // Done: the rows become ordinary people and registrations that no take-back may touch.
                await db.People.Where(p => p.ImportBatchId == batch.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ImportBatchId, (int?)null), ct);
                await db.Registrations.Where(r => r.ImportBatchId == batch.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ImportBatchId, (int?)null), ct);
            }, cancellationToken);
            return added;
        }
        catch (Exception ex)
        {
            db.ChangeTracker.Clear();
            await TakeBackAsync(batch.Id, ex.Message, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Rows per transaction: small enough that a registration waiting behind one barely notices.</summary>
    public const int ChunkSize = 500;

    private async Task<(int Added, int Registered, int Waitlisted)> WriteInChunksAsync(PeopleImportPreview preview, ImportBatch batch, Actor actor, int? courseId,
        CancellationToken cancellationToken)
    {
        int added = 0, registered = 0, waitlisted = 0;
        var already = courseId is { } course
            ? (await db.Registrations.AsNoTracking().Where(r => r.CourseId == course).Select(r => r.PersonId).ToListAsync(cancellationToken)).ToHashSet()
            : [];
        foreach (var chunk in preview.People.Chunk(ChunkSize))
        {
            await unitOfWork.RunAsync(async ct =>
            {
                var people = chunk.Select(row => (Row: row, Person: row.ExistingPersonId is null ? Person.Create(row.FamilyName, row.GivenName, row.FamilyNameKana, row.GivenNameKana,
                    phone: row.Phone is null ? null : PhoneNumbers.Normalise(row.Phone), email: row.Email, areaId: row.AreaId, birthYear: row.BirthYear,
                    sex: row.Sex, importBatchId: batch.Id, createdVia: ContactChannel.Import) : null)).ToList();
                db.People.AddRange(people.Where(p => p.Person is not null).Select(p => p.Person!));
                added += people.Count(p => p.Person is not null);
                if (courseId is { } id)
                {
                    // Seats counted again under the course's lock for each chunk: a resident who registered between two
                    // chunks keeps their seat, and the course never holds more confirmed than its capacity.
                    await unitOfWork.LockAsync(LockScope.CourseSeats, id, ct);
                    var (seatsLeft, lastQueueNumber) = await SeatsAsync(id, ct);
                    foreach (var (row, person) in people)
                    {
                        if (person is null && already.Contains(row.ExistingPersonId!.Value)) continue;
                        var hasSeat = seatsLeft-- > 0;
                        var registration = (person is null ? Registrations.Registration.Of(row.ExistingPersonId!.Value, id) : Registrations.Registration.Of(person, id))
                            .MadeByImport(batch.Id);
                        registration.Place(hasSeat, lastQueueNumber, ContactChannel.Import, actor.StaffUserId, clock.UtcNow);
                        if (!hasSeat) lastQueueNumber = registration.WaitlistPosition!.Value;
                        db.Registrations.Add(registration);
                        registered++;
                        if (!hasSeat) waitlisted++;
                    }
                }
                batch.HeartbeatAt = clock.UtcNow;
            }, cancellationToken);
            db.ChangeTracker.Clear();
            db.Attach(batch);
        }
        return (added, registered, waitlisted);
    }

    /// <summary>An import silent for this long was left by a stopped process.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Takes back every import a stopped process left half-written: at once when its process on this machine is gone,
    /// else once it has been silent for <see cref="AbandonedAfter"/> (another machine's). Returns how many.
    /// </summary>
    public async Task<int> TakeBackAbandonedAsync(CancellationToken cancellationToken = default)
    {
        var silentSince = clock.UtcNow - AbandonedAfter;
        var abandoned = (await db.ImportBatches.AsNoTracking().Where(b => b.Status == ImportBatchStatus.Running)
                .Select(b => new { b.Id, b.HeartbeatAt, b.WrittenBy }).ToListAsync(cancellationToken))
            .Where(b => b.HeartbeatAt < silentSince || ClaimTokens.IsFromDeadProcessHere(b.WrittenBy)).Select(b => b.Id).ToList();
        foreach (var id in abandoned) await TakeBackAsync(id, "The import stopped before it finished (the server was stopped).", cancellationToken);
        return abandoned.Count;
    }

    /// <summary>Removes everything an unfinished import wrote: its registrations, then its people.</summary>
    private async Task TakeBackAsync(int batchId, string reason, CancellationToken cancellationToken)
    {
        await unitOfWork.RunAsync(async cancellationToken =>
        {
            var status = await db.ImportBatches.Where(b => b.Id == batchId).Select(b => (ImportBatchStatus?)b.Status).FirstOrDefaultAsync(cancellationToken);
            if (status != ImportBatchStatus.Running) return;
            if (await db.Registrations.Where(r => r.ImportBatchId == batchId).ExecuteDeleteAsync(cancellationToken) > 0) unitOfWork.ScheduleChanged();
            // A person someone registered elsewhere in the meantime is kept, as staff would expect, and leaves the batch.
            await db.People.Where(p => p.ImportBatchId == batchId && db.Registrations.Any(r => r.PersonId == p.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.ImportBatchId, (int?)null), cancellationToken);
            await db.Consents.Where(c => db.People.Any(p => p.Id == c.PersonId && p.ImportBatchId == batchId)).ExecuteDeleteAsync(cancellationToken);
            // Activity records of these people go with them (the database's cascade); the points derived from those records
            // go too, which no key ties to them (Activities/PointAward).
            await db.PointAwards.Where(a => db.ActivityRecords.Any(r => r.Id == a.RecordId && db.People.Any(p => p.Id == r.PersonId && p.ImportBatchId == batchId)))
                .ExecuteDeleteAsync(cancellationToken);
            await db.People.Where(p => p.ImportBatchId == batchId).ExecuteDeleteAsync(cancellationToken);
            var message = reason.Length > 2000 ? reason[..2000] : reason;
            await db.ImportBatches.Where(b => b.Id == batchId).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, ImportBatchStatus.TakenBack).SetProperty(b => b.Error, message).SetProperty(b => b.FinishedAt, clock.UtcNow), cancellationToken);
        }, cancellationToken);
    }
}
