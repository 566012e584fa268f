using System.Net;
using Microsoft.EntityFrameworkCore;
using Training.Organisations;
using Training.Tests.Infrastructure;

namespace Training.Tests.Organisations;

/// <summary>Districts reorganised through the product: added, renamed, retired from the choices with their records kept.</summary>
public sealed class AreaAdministrationTests : IDisposable
{
    private readonly TrainingApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient admin, string handler, Dictionary<string, string> fields)
    {
        var page = await admin.GetStringAsync("/Staff/Admin/Areas");
        fields["__RequestVerificationToken"] = StaffSignInClient.AntiforgeryToken(page);
        return await admin.PostAsync($"/Staff/Admin/Areas?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task An_administrator_adds_renames_and_retires_a_district_whose_people_stay_with_it()
    {
        var admin = await StaffSignInClient.SignedInClientAsync(_app, TrainingApp.AdminEmail, TrainingApp.AdminPassword);

        var added = await PostAsync(admin, "Save", new() { ["Name"] = "新府地区", ["NameKana"] = "しんぷちく" });
        var area = await _app.WithDbAsync(db => db.Areas.SingleAsync(a => a.Name == "新府地区"));
        var person = await _app.WithDbAsync(async db =>
        {
            var p = new PersonBuilder().Named("新府", "花子", "しんぷ", "はなこ").InArea(area.Id).Build();
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var renamed = await PostAsync(admin, $"Save&id={area.Id}", new() { ["Name"] = "新府・藤井地区", ["NameKana"] = "しんぷふじいちく" });
        var duplicate = await (await PostAsync(admin, "Save", new() { ["Name"] = "新府・藤井地区", ["NameKana"] = "しんぷふじいちく" })).Content.ReadAsStringAsync();
        var retired = await PostAsync(admin, $"Active&id={area.Id}", new() { ["active"] = "false" });
        var form = await _app.CreateClient().GetStringAsync($"/Courses/{(await _app.WithDbAsync(db => new CourseBuilder().SaveAsync(db))).Id}/Register");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("同じ名前の地区がすでにあります", duplicate);
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        Assert.DoesNotContain("新府・藤井地区", form);
        var stored = await _app.WithDbAsync(db => db.Areas.SingleAsync(a => a.Id == area.Id));
        Assert.Equal(("新府・藤井地区", false), (stored.Name, stored.IsActive));
        Assert.Equal(area.Id, await _app.WithDbAsync(db => db.People.Where(p => p.Id == person.Id).Select(p => p.AreaId).SingleAsync()));
        Assert.Contains("地区を選べないようにした", await admin.GetStringAsync("/Staff/Admin/Audit"));
    }
}
