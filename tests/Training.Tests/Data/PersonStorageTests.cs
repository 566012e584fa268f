using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Training.Tests.Infrastructure;

namespace Training.Tests.Data;

public sealed class PersonStorageTests(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TrainingApp _app = shared.App;

    [Theory]
    [InlineData("𠮷田", "春江")]
    [InlineData("山﨑", "和子")]
    [InlineData("髙橋", "茂")]
    [InlineData("葛\U000E0100城", "𩸽子")]
    [InlineData("<script>alert(1)</script>", "&amp;")]
    public async Task Names_come_back_from_the_database_exactly_as_written(string family, string given)
    {
        var person = new PersonBuilder().Named(family, given, "てすと", "なまえ").Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });

        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));

        Assert.Equal(family, stored.FamilyName);
        Assert.Equal(given, stored.GivenName);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(family), System.Text.Encoding.UTF8.GetBytes(stored.FamilyName));
    }

    [Fact]
    public async Task The_search_key_lets_a_plain_spelling_find_a_variant_name()
    {
        var mine = await _app.WithDbAsync(async db =>
        {
            var people = new[] { new PersonBuilder().Named("髙橋", "茂", "タカハシ", "シゲル").Build(), new PersonBuilder().Named("山﨑", "和子", "やまざき", "かずこ").Build() };
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            return people.Select(p => p.Id).ToList();
        });
        var key = Training.Text.NameFolding.SearchKey("高橋");

        // Among this test's two people (the class's other tests write a 髙橋 of their own).
        var found = await _app.WithDbAsync(db => db.People.Where(p => mine.Contains(p.Id) && p.SearchKey.StartsWith(key)).Select(p => p.FamilyName).ToListAsync());

        Assert.Equal(["髙橋"], found);
    }

    [Fact]
    public async Task Derived_keys_are_kept_up_to_date_on_every_save()
    {
        var person = new PersonBuilder().Named("佐藤", "一", "さとう", "はじめ").WithPhone("０９０－１１１１－２２２２").Build();
        await _app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
        });
        await _app.WithDbAsync(async db =>
        {
            var p = await db.People.SingleAsync(x => x.Id == person.Id);
            p.Correct(p.Details with { FamilyNameKana = "サイトウ" }, null, null);
            await db.SaveChangesAsync();
        });

        var stored = await _app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));

        Assert.Equal("さいとう はじめ", stored.KanaSortKey);
        Assert.Equal("09011112222", stored.PhoneDigits);
        Assert.NotEqual(default, stored.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
    }

    [Fact]
    public async Task Sort_keys_stored_under_the_older_rule_are_derived_again_at_start_without_touching_the_retention_clock()
    {
        // How many people the refresh found outdated is counted over the whole table: an app of its own.
        using var app = new TrainingApp();
        var person = new PersonBuilder().Named("森", "ゆかり", "もり", "ゆかり").Build();
        var longAgo = new DateTime(2021, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db =>
        {
            db.People.Add(person);
            await db.SaveChangesAsync();
            // As an older version stored it: furigana joined, no space.
            await db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.KanaSortKey, "もりゆかり").SetProperty(p => p.UpdatedAt, longAgo));
        });

        await using (var scope = app.Scope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<Training.People.PersonKeys>().RefreshOutdatedAsync());

        var stored = await app.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == person.Id));
        Assert.Equal("もり ゆかり", stored.KanaSortKey);
        Assert.Equal(longAgo, stored.UpdatedAt);
    }
}
