using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Training.Organisations;

namespace Training.Staff;

public class StaffUserArea
{
    public required string StaffUserId { get; set; }
    public int AreaId { get; set; }
    public Area? Area { get; set; }
}

public class StaffUserAreaConfiguration : IEntityTypeConfiguration<StaffUserArea>
{
    public void Configure(EntityTypeBuilder<StaffUserArea> builder)
    {
        builder.HasKey(a => new { a.StaffUserId, a.AreaId });
        builder.HasOne<StaffUser>().WithMany(u => u.Areas).HasForeignKey(a => a.StaffUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(a => a.Area).WithMany().HasForeignKey(a => a.AreaId).OnDelete(DeleteBehavior.Cascade);
    }
}
