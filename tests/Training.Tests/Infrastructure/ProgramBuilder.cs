using Training.Courses;
using Training.Organisations;

namespace Training.Tests.Infrastructure;

/// <summary>Test data builder: a program, made as the product makes one (through its details), not saved.</summary>
public class ProgramBuilder
{
    private ProgramDetails _details = new()
    {
        Name = "生活支援サポーター養成講座", Kind = ProgramKind.CertificateProgram, PlannedSessionCount = 3,
        // Most tests are about issuing, not its timing: their runs are still going, so they issue once the rule is met.
        // The product's default (once the run is over) is what the timing tests choose with IssuingCertificates.
        CertificateTiming = CertificateTiming.WhenRuleIsMet,
    };
    private Organisation? _organisation;

    public ProgramBuilder Named(string name) { _details = _details with { Name = name }; return this; }
    /// <summary>An open activity (a club, a salon): no certificate. Its completion rule is left as it is (see <see cref="CompletedBy"/>).</summary>
    public ProgramBuilder ForActivity(string? name = null) { _details = _details with { Name = name ?? _details.Name, Kind = ProgramKind.Activity }; return this; }
    public ProgramBuilder WithPlannedSessions(int count) { _details = _details with { PlannedSessionCount = count }; return this; }
    public ProgramBuilder CompletedBy(CompletionRuleKind rule, int? threshold = null) { _details = _details with { CompletionRule = rule, CompletionThreshold = threshold }; return this; }
    public ProgramBuilder IssuingCertificates(CertificateTiming timing) { _details = _details with { CertificateTiming = timing }; return this; }
    public ProgramBuilder AllowingMakeUps(int? withinDays) { _details = _details with { MakeUpAllowed = true, MakeUpDeadlineDays = withinDays }; return this; }
    public ProgramBuilder ForgivingExcusedAbsences() { _details = _details with { ExcusedAbsenceCountsAsAttended = true }; return this; }
    public ProgramBuilder Renewing(int qualificationTypeId) { _details = _details with { RenewsQualificationTypeId = qualificationTypeId }; return this; }
    public ProgramBuilder InArea(int? areaId) { _details = _details with { AreaId = areaId }; return this; }
    /// <summary>Run by an organisation already saved.</summary>
    public ProgramBuilder By(int organisationId) { _details = _details with { OrganisationId = organisationId }; return this; }
    /// <summary>Run by an organisation saved with the program.</summary>
    public ProgramBuilder By(Organisation organisation) { _organisation = organisation; return this; }
    /// <summary>Any other detail, as staff would set it.</summary>
    public ProgramBuilder With(Func<ProgramDetails, ProgramDetails> change) { _details = change(_details); return this; }

    public TrainingProgram Build() => new(_details, _organisation);
}
