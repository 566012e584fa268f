using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Training.Attendance;
using Training.Audit;
using Training.Certificates;
using Training.Courses;
using Training.Notifications;
using Training.Organisations;
using Training.People;
using Training.Qualifications;
using Training.Registrations;
using Training.Staff;

namespace Training.Data;

public class TrainingDbContext(DbContextOptions<TrainingDbContext> options, TimeProvider? timeProvider = null, ScheduleVersion? scheduleVersion = null)
    : IdentityDbContext<StaffUser>(options), IDataProtectionKeyContext
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public DbSet<Area> Areas => Set<Area>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationIssuer> OrganisationIssuers => Set<OrganisationIssuer>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<ContactChangeRequest> ContactChangeRequests => Set<ContactChangeRequest>();
    public DbSet<ImportBatch> ImportBatches => Set<ImportBatch>();
    public DbSet<TrainingProgram> Programs => Set<TrainingProgram>();
    public DbSet<Course> Courses => Set<Course>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Registration> Registrations => Set<Registration>();
    public DbSet<AttendanceRecord> Attendance => Set<AttendanceRecord>();
    public DbSet<RosterNote> RosterNotes => Set<RosterNote>();
    public DbSet<Completion> Completions => Set<Completion>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateSerialCounter> CertificateSerialCounters => Set<CertificateSerialCounter>();
    public DbSet<CertificatePrintBatch> CertificatePrintBatches => Set<CertificatePrintBatch>();
    public DbSet<QualificationType> QualificationTypes => Set<QualificationType>();
    public DbSet<Qualification> Qualifications => Set<Qualification>();
    public DbSet<OutboundEmail> OutboundEmails => Set<OutboundEmail>();
    public DbSet<OutboundEmailAttachment> OutboundEmailAttachments => Set<OutboundEmailAttachment>();
    public DbSet<CallListEntry> CallList => Set<CallListEntry>();
    public DbSet<CallAttempt> CallAttempts => Set<CallAttempt>();
    public DbSet<Training.Notifications.Channels.OutboundMessage> OutboundMessages => Set<Training.Notifications.Channels.OutboundMessage>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Training.Activities.ActivityKind> ActivityKinds => Set<Training.Activities.ActivityKind>();
    public DbSet<Training.Activities.LocalActivity> LocalActivities => Set<Training.Activities.LocalActivity>();
    public DbSet<Training.Activities.ActivityNeed> ActivityNeeds => Set<Training.Activities.ActivityNeed>();
    public DbSet<Training.Activities.ActivityRecord> ActivityRecords => Set<Training.Activities.ActivityRecord>();
    public DbSet<Training.Activities.PointScheme> PointSchemes => Set<Training.Activities.PointScheme>();
    public DbSet<Training.Activities.PointRule> PointRules => Set<Training.Activities.PointRule>();
    public DbSet<Training.Activities.PointAward> PointAwards => Set<Training.Activities.PointAward>();
    public DbSet<Training.Activities.PointYearMark> PointYearMarks => Set<Training.Activities.PointYearMark>();
    public DbSet<Training.Activities.PointCarryover> PointCarryovers => Set<Training.Activities.PointCarryover>();
    public DbSet<Training.Activities.HelperProfile> HelperProfiles => Set<Training.Activities.HelperProfile>();
    public DbSet<Training.Activities.Introduction> Introductions => Set<Training.Activities.Introduction>();
    public DbSet<StaffUserArea> StaffUserAreas => Set<StaffUserArea>();
    public DbSet<Training.Leaders.GroupLeader> GroupLeaders => Set<Training.Leaders.GroupLeader>();
    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Training.Notifications.Line.LineLink> LineLinks => Set<Training.Notifications.Line.LineLink>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TrainingDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime in the database is UTC; reading it back must say so, or local-time display shifts it twice.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        // Text compares and sorts by code point, as in SQLite: furigana keys order あ→ん and a kana prefix is an
        // index range whatever locale the PostgreSQL cluster was created with.
        if (Database.IsNpgsql()) configurationBuilder.Properties<string>().UseCollation("C");
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var scheduleChanged = StampChanges();
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        AfterSave(scheduleChanged);
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var scheduleChanged = StampChanges();
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        AfterSave(scheduleChanged);
        return saved;
    }

    /// <summary>
    /// Set when a save inside a transaction changed what the public schedule shows; the <see cref="UnitOfWork"/> bumps
    /// the schedule version once that transaction commits, and forgets it when it rolls back.
    /// </summary>
    internal bool ScheduleChangePending { get; set; }

    private void AfterSave(bool scheduleChanged)
    {
        if (!scheduleChanged) return;
        if (Database.CurrentTransaction is not null) ScheduleChangePending = true;
        else scheduleVersion?.Bump(); // a save outside any transaction has committed already (test set-up, seeding)
    }

    /// <returns>Whether anything residents see in the public schedule changed.</returns>
    private bool StampChanges()
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries<Person>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            // Keys derived again under a new rule are no change to the person: their retention clock keeps running.
            var changed = entry.State == EntityState.Added || entry.Properties.Any(p => p.IsModified && !Person.DerivedKeys.Contains(p.Metadata.Name));
            entry.Entity.RefreshKeys();
            entry.Entity.StampSaved(now, added: entry.State == EntityState.Added, changed);
        }
        foreach (var entry in ChangeTracker.Entries<Course>())
        {
            if (entry.State == EntityState.Added && entry.Entity.CreatedAt == default) entry.Property(c => c.CreatedAt).CurrentValue = now;
            // The completions mark is bookkeeping of attendance, not a change anyone made to the course.
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(Course.CompletionsStaleMark))))
                entry.Property(c => c.UpdatedAt).CurrentValue = now;
        }
        // A local activity's row is stamped when saved: its edit form is refused once someone else saved after it was opened.
        foreach (var entry in ChangeTracker.Entries<Training.Activities.LocalActivity>())
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Property(a => a.UpdatedAt).CurrentValue = now;
        // The public district activity pages are cached under the schedule's version too (local activities and their kinds).
        return ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is Session or Course or Registration or TrainingProgram or Area or Training.Activities.LocalActivity or Training.Activities.ActivityKind);
    }
}
