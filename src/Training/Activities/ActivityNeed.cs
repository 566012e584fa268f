using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Activities;

/// <summary>Helpers a local activity wants: how many, on which days and times, with which qualification; open until closed.</summary>
public class ActivityNeed
{
    public int Id { get; private set; }
    public int LocalActivityId { get; private set; }
    public int Helpers { get; private set; }
    public Weekdays Days { get; private set; }
    /// <summary>The times in words, e.g. 10:00〜12:00 or 午前中.</summary>
    public string Times { get; private set; } = "";
    public int? QualificationTypeId { get; private set; }
    public string Note { get; private set; } = "";
    public bool IsOpen { get; private set; } = true;

    public const int MaxHelpers = 999;
    public const int TimesMaxLength = 100;
    public const int NoteMaxLength = 500;

    public static class Messages
    {
        public const string HelpersInvalid = "何人ほしいかを1人以上で入力してください。";
        public const string TimesTooLong = "時間は100文字以内で入力してください。";
        public const string NoteTooLong = "メモは500文字以内で入力してください。";
        public const string QualificationUnknown = "その資格の種類は登録されていません。資格の種類から選んでください。";
    }

    /// <summary>Every problem with the need as typed (whether its qualification type exists is the service's to check).</summary>
    public static IEnumerable<SettingProblem> Problems(NeedInput input)
    {
        if (input.Helpers is < 1 or > MaxHelpers) yield return new(nameof(NeedInput.Helpers), Messages.HelpersInvalid);
        if ((input.Times?.Trim().Length ?? 0) > TimesMaxLength) yield return new(nameof(NeedInput.Times), Messages.TimesTooLong);
        if ((input.Note?.Trim().Length ?? 0) > NoteMaxLength) yield return new(nameof(NeedInput.Note), Messages.NoteTooLong);
    }

    public static ActivityNeed Create(NeedInput input)
    {
        var need = new ActivityNeed();
        need.Change(input);
        return need;
    }

    public void Change(NeedInput input)
    {
        if (Problems(input).FirstOrDefault() is { } problem) throw new ArgumentException(problem.Message, problem.Field);
        Helpers = input.Helpers;
        Days = input.Days & (Weekdays)127;
        Times = input.Times?.Trim() ?? "";
        QualificationTypeId = input.QualificationTypeId;
        Note = input.Note?.Trim() ?? "";
    }

    /// <summary>Closes the need (no more helpers wanted) or opens it again. False: it already was so.</summary>
    public bool SetOpen(bool open)
    {
        if (IsOpen == open) return false;
        IsOpen = open;
        return true;
    }
}

public class ActivityNeedConfiguration : IEntityTypeConfiguration<ActivityNeed>
{
    public void Configure(EntityTypeBuilder<ActivityNeed> builder)
    {
        builder.Property(n => n.Days).HasConversion<int>();
        builder.Property(n => n.Times).HasMaxLength(ActivityNeed.TimesMaxLength);
        builder.Property(n => n.Note).HasMaxLength(ActivityNeed.NoteMaxLength);
        builder.HasOne<Training.Qualifications.QualificationType>().WithMany().HasForeignKey(n => n.QualificationTypeId).OnDelete(DeleteBehavior.Restrict);
    }
}
