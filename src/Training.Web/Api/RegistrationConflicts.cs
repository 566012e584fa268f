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
    /// <summary>Each code with its meaning for integrators (English) and the words for the resident (Japanese).</summary>
    public static readonly IReadOnlyList<(RegistrationConflictCode Code, string Meaning, string Detail)> All =
    [
        (RegistrationConflictCode.CourseCancelled, "The course was cancelled; it takes no registration.", "この講座は中止になったため、申し込みできません。"),
        (RegistrationConflictCode.NotOpenYet, "Registration for the course has not opened yet.", "申し込みの受付はまだ始まっていません。"),
        (RegistrationConflictCode.Closed, "Registration for the course has closed.", "申し込みの受付は終了しました。"),
        (RegistrationConflictCode.Finished, "Every session of the course is over.", "この講座の日程はすべて終わりました。"),
        (RegistrationConflictCode.SessionNotOpen, "The session chosen (`sessionId`) is over or cancelled.", "選んだ回は終わったか中止になりました。"),
    ];

    /// <summary>The conflict a refused outcome is answered with; an outcome without its own code reads as closed.</summary>
    public static (RegistrationConflictCode Code, string Detail) Of(RegistrationOutcome outcome)
    {
        var code = outcome switch
        {
            RegistrationOutcome.CourseCancelled => RegistrationConflictCode.CourseCancelled,
            RegistrationOutcome.NotOpenYet => RegistrationConflictCode.NotOpenYet,
            RegistrationOutcome.Finished => RegistrationConflictCode.Finished,
            RegistrationOutcome.SessionNotOpen => RegistrationConflictCode.SessionNotOpen,
            _ => RegistrationConflictCode.Closed,
        };
        return (code, All.Single(c => c.Code == code).Detail);
    }

    /// <summary>The code's schema description: every value with its meaning.</summary>
    public static string Description =>
        "Why a registration was refused:\n" + string.Join("\n", All.Select(c => $"- `{c.Code}`: {c.Meaning}"));
}
