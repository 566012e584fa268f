using Microsoft.Extensions.Localization;
using Training.Leaders;
using Training.Time;
using Training.Web.Staff;

namespace Training.Web.Pages.Staff.Programs;

/// <summary>The leaders of a program of open activities (<see cref="LeadersPage"/>).</summary>
public class LeadersModel(GroupLeaders leaders, StaffScope scope, SiteClock clock, IStringLocalizer<SharedResource> t) : LeadersPage(leaders, scope, clock, t)
{
    protected override LeaderGroup GroupOf(int id) => LeaderGroup.Program(id);
}
