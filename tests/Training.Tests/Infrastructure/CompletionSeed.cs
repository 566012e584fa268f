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
}
