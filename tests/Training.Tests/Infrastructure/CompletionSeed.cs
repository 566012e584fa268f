using Training.Attendance;
using Training.Courses;
using Training.Data;
using Training.People;
using Training.Registrations;

namespace Training.Tests.Infrastructure;

/// <summary>Test data: a person who completed a course (registration and completion saved), for certificate tests.</summary>
public static class CompletionSeed
{
    public static async Task<Completion> SaveAsync(TrainingDbContext db, Person person, Course? course = null, DateTime? completedAt = null)
    {
        course ??= await new CourseBuilder().SaveAsync(db);
        if (person.Id == 0) db.People.Add(person);
        await db.SaveChangesAsync();
        var registration = new RegistrationBuilder().For(course.Id).Of(person.Id).Build();
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        var completion = Completion.ByRule(registration.Id, person.Id, course.Id, completedAt ?? new DateTime(2026, 11, 1, 3, 0, 0, DateTimeKind.Utc));
        db.Completions.Add(completion);
        await db.SaveChangesAsync();
        return completion;
    }

    /// <summary>
    /// Many people who completed the same course, saved in three statements' worth of changes rather than three per
    /// person: one context tracking hundreds of rows compares all of them on every save.
    /// </summary>
    public static async Task<List<Completion>> SaveManyAsync(TrainingDbContext db, IReadOnlyList<Person> people, Course course, DateTime completedAt)
    {
        db.People.AddRange(people.Where(p => p.Id == 0));
        await db.SaveChangesAsync();
        var registrations = people.Select(p => new RegistrationBuilder().For(course.Id).Of(p.Id).Build()).ToList();
        db.Registrations.AddRange(registrations);
        await db.SaveChangesAsync();
        var completions = registrations.Select(r => Completion.ByRule(r.Id, r.PersonId, course.Id, completedAt)).ToList();
        db.Completions.AddRange(completions);
        await db.SaveChangesAsync();
        return completions;
    }
}
