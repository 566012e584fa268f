using System.ComponentModel;
using System.Text.Json.Serialization;
using Training.Registrations;

namespace Training.Web.Api;

/// <summary>Why the API refused a registration (409): the problem's <c>code</c>, spelled as it always was.</summary>
public enum RegistrationConflictCode
{
    [JsonStringEnumMemberName(nameof(CourseCancelled))] CourseCancelled,
    [JsonStringEnumMemberName(nameof(NotOpenYet))] NotOpenYet,
    [JsonStringEnumMemberName(nameof(Closed))] Closed,
    [JsonStringEnumMemberName(nameof(Finished))] Finished,
    [JsonStringEnumMemberName(nameof(SessionNotOpen))] SessionNotOpen,
}

/// <summary>The problem document of a refused registration, as the OpenAPI document describes it.</summary>
[Description("A registration refused (RFC 9457 problem details). `code` says why, for programs; `detail` says it for people, in Japanese.")]
public sealed record RegistrationConflict(
    [property: Description("The code again.")] string Title,
    [property: Description("409.")] int Status,
    [property: Description("Why, in words for the resident (Japanese).")] string Detail,
    RegistrationConflictCode Code,
    string? Type = null,
    string? Instance = null);

public static class RegistrationConflicts
{
    /// <summary>
    /// Each code with its meaning for integrators (English) and the words for the resident (Japanese), which are the
    /// public form's (<see cref="RegistrationRefusals"/>).
    /// </summary>
    public static readonly IReadOnlyList<(RegistrationConflictCode Code, string Meaning, string Detail)> All =
    [
        (RegistrationConflictCode.CourseCancelled, "The course was cancelled; it takes no registration.", Detail(RegistrationOutcome.CourseCancelled)),
        (RegistrationConflictCode.NotOpenYet, "Registration for the course has not opened yet.", Detail(RegistrationOutcome.NotOpenYet)),
        (RegistrationConflictCode.Closed, "Registration for the course has closed.", Detail(RegistrationOutcome.Closed)),
        (RegistrationConflictCode.Finished, "Every session of the course is over.", Detail(RegistrationOutcome.Finished)),
        (RegistrationConflictCode.SessionNotOpen, "The session chosen (`sessionId`) is over or cancelled.", Detail(RegistrationOutcome.SessionNotOpen)),
    ];

    private static string Detail(RegistrationOutcome outcome) => RegistrationRefusals.Of(outcome)!.Message;

    /// <summary>The code's schema description: every value with its meaning.</summary>
    public static string Description =>
        "Why a registration was refused:\n" + string.Join("\n", All.Select(c => $"- `{c.Code}`: {c.Meaning}"));
}
