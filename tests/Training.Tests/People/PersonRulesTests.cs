using Training.People;
using Training.Tests.Infrastructure;

namespace Training.Tests.People;

/// <summary>The rules a person's record keeps by itself: creation, correction, identity, gaps, contacts, deletion (no app, no database).</summary>
public class PersonRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_new_record_keeps_the_names_exactly_as_written_and_derives_its_keys_at_once()
    {
        var person = Person.Create("𠮷田", "髙子", "よしだ", "たかこ", phone: "0551-22-3456");

        Assert.Equal("𠮷田 髙子", person.FullName);
        Assert.Equal("0551223456", person.PhoneDigits);
        Assert.NotEmpty(person.SearchKey);
        Assert.Equal("ja", person.PreferredLanguage);
        Assert.Equal(Sex.NotRecorded, person.Sex);
    }

    [Fact]
    public void A_correction_changes_only_what_differs_and_says_each_change_with_its_old_and_new_value()
    {
        var person = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithPhone("0551-22-0000").Build();

        var changes = person.Correct(person.Details with { GivenName = " 華子 ", Phone = "0551-22-1111" }, Sex.Female, "  ");

        Assert.Equal([new PersonChange("GivenName", "花子", "華子"), new PersonChange("Phone", "0551-22-0000", "0551-22-1111"),
            new PersonChange("Sex", "NotRecorded", "Female")], changes);
        Assert.Equal("山田 華子", person.FullName);
        Assert.True(Person.ChangesPrintedName(changes));
        Assert.Null(person.Notes);
    }

    [Fact]
    public void A_correction_that_changes_nothing_reports_nothing()
    {
        var person = new PersonBuilder().Build();

        Assert.Empty(person.Correct(person.Details, null, null));
    }

    [Fact]
    public void A_new_phone_is_no_change_to_the_name_certificates_print()
    {
        var person = new PersonBuilder().Build();

        var changes = person.Correct(person.Details with { Phone = "090-1111-2222" }, null, null);

        Assert.False(Person.ChangesPrintedName(changes));
    }

    [Fact]
    public void A_submission_is_the_same_person_only_with_the_exact_name_and_furigana_and_a_contact_on_record()
    {
        var onRecord = new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithEmail("Hanako@example.jp").WithPhone(null).Build();

        Assert.True(onRecord.IsSamePersonAs(new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithEmail("hanako@example.jp ").WithPhone(null).Build()));
        Assert.False(onRecord.IsSamePersonAs(new PersonBuilder().Named("山田", "華子", "やまだ", "はなこ").WithEmail("hanako@example.jp").Build()));
        Assert.False(onRecord.IsSamePersonAs(new PersonBuilder().Named("山田", "花子", "やまだ", "はなこ").WithEmail("other@example.jp").Build()));
    }

    [Fact]
    public void A_deleted_person_is_nobody_a_submission_can_match()
    {
        var onRecord = new PersonBuilder().WithEmail("hanako@example.jp").Build();
        var submitted = new PersonBuilder().WithEmail("hanako@example.jp").Build();
        onRecord.Anonymise(Now);

        Assert.False(onRecord.IsSamePersonAs(submitted));
    }

    [Fact]
    public void Staff_fill_gaps_in_a_record_but_never_overwrite_what_was_recorded()
    {
        var person = new PersonBuilder().WithEmail(null).WithPhone("0551-22-0000").Build();

        person.FillGaps("hanako@example.jp", "090-9999-9999", areaId: 3, birthYear: 1950);

        Assert.Equal("hanako@example.jp", person.Email);
        Assert.Equal("0551-22-0000", person.Phone);
        Assert.Equal((3, 1950), (person.AreaId!.Value, person.BirthYear!.Value));
    }

    [Fact]
    public void A_merge_leaves_the_kept_record_the_district_birth_year_and_sex_it_lacked_but_no_contact()
    {
        var keep = new PersonBuilder().WithEmail(null).WithPhone(null).BornIn(1950).Build();
        var mergedAway = new PersonBuilder().WithEmail("other@example.jp").InArea(4).BornIn(1948).OfSex(Sex.Female).Build();

        keep.TakeGapsFrom(mergedAway);

        Assert.Equal((4, 1950, Sex.Female), (keep.AreaId!.Value, keep.BirthYear!.Value, keep.Sex));
        Assert.Null(keep.Email);
    }

    [Fact]
    public void A_contact_offered_by_the_public_form_waits_for_staff_and_is_put_on_record_only_when_accepted()
    {
        var onRecord = new PersonBuilder().WithEmail("old@example.jp").WithPhone("0551-22-0000").Build();
        var submitted = new PersonBuilder().WithEmail("new@example.jp").WithPhone("0551-22-0000").Build();

        var offered = ContactChangeRequest.Offered(onRecord, submitted, ContactChannel.Web, Now)!;

        Assert.Equal(("new@example.jp", (string?)null), (offered.Email, offered.Phone));
        Assert.Equal("old@example.jp", onRecord.Email);
        offered.Accept(onRecord, "staff-1", Now.AddDays(1));
        Assert.Equal("new@example.jp", onRecord.Email);
        Assert.Equal(Now.AddDays(1), onRecord.UpdatedAt);
        Assert.Equal((true, false), (offered.Accepted!.Value, offered.IsPending));
        Assert.Throws<InvalidOperationException>(() => offered.Dismiss("staff-2", Now));
    }

    [Fact]
    public void A_submission_with_no_new_contact_offers_nothing()
    {
        var onRecord = new PersonBuilder().WithEmail("hanako@example.jp").Build();

        Assert.Null(ContactChangeRequest.Offered(onRecord, new PersonBuilder().WithEmail("HANAKO@example.jp").Build(), ContactChannel.Web, Now));
    }

    [Fact]
    public void A_dismissed_offer_leaves_the_record_as_it_was_and_a_newer_offer_withdraws_an_older_one()
    {
        var onRecord = new PersonBuilder().WithPhone("0551-22-0000").Build();
        var dismissed = ContactChangeRequest.Offered(onRecord, new PersonBuilder().WithPhone("090-1234-5678").Build(), ContactChannel.Web, Now)!;
        var replaced = ContactChangeRequest.Offered(onRecord, new PersonBuilder().WithPhone("090-0000-0000").Build(), ContactChannel.Web, Now)!;

        dismissed.Dismiss("staff-1", Now);
        replaced.Supersede(Now);

        Assert.Equal("0551-22-0000", onRecord.Phone);
        Assert.Equal(false, dismissed.Accepted);
        Assert.True(replaced.Superseded);
        Assert.Null(replaced.Accepted);
    }

    [Fact]
    public void Deleting_a_person_removes_names_contacts_notes_and_consent_wording_but_keeps_the_figures()
    {
        var person = new PersonBuilder().Named("𠮷田", "春江", "よしだ", "はるえ").WithEmail("harue@example.jp").InArea(2).BornIn(1948).OfSex(Sex.Female).Build();
        person.RecordConsent(ConsentPurpose.Contact, true, Consent.RegistrationContactWording, Now, ContactChannel.Web, null);
        var oldLink = person.AccessToken;

        Assert.True(person.Anonymise(Now));

        Assert.Equal((Person.AnonymousName, "", Person.AnonymousKana), (person.FamilyName, person.GivenName, person.FamilyNameKana));
        Assert.Null(person.Email);
        Assert.Null(person.Phone);
        Assert.NotEqual(oldLink, person.AccessToken);
        Assert.Equal((2, 1948, Sex.Female), (person.AreaId!.Value, person.BirthYear!.Value, person.Sex));
        Assert.Equal("", Assert.Single(person.Consents).Wording);
        Assert.Equal(Now, person.AnonymisedAt);
    }

    [Fact]
    public void A_person_is_deleted_only_once()
    {
        var person = new PersonBuilder().Build();
        person.Anonymise(Now);

        Assert.False(person.Anonymise(Now.AddDays(1)));
        Assert.Equal(Now, person.AnonymisedAt);
    }

    [Fact]
    public void A_consent_is_recorded_with_its_wording_date_channel_and_who_took_it_down()
    {
        var person = new PersonBuilder().Build();

        var consent = person.RecordConsent(ConsentPurpose.SharingWithActivityGroups, false, PersonContacts.SharingConsentWording, Now, ContactChannel.Phone, "staff-1");

        Assert.Same(consent, Assert.Single(person.Consents));
        Assert.Equal((ConsentPurpose.SharingWithActivityGroups, false, Now, ContactChannel.Phone, "staff-1"),
            (consent.Purpose, consent.Granted, consent.RecordedAt, consent.Channel, consent.RecordedByStaffId));
    }

    [Theory]
    [InlineData(ConsentPurpose.Contact, ContactChannel.Phone, true)]
    [InlineData(ConsentPurpose.SharingWithActivityGroups, ContactChannel.Paper, true)]
    [InlineData(ConsentPurpose.ReminderEmail, ContactChannel.Staff, true)]
    [InlineData(ConsentPurpose.SupporterListing, ContactChannel.Phone, false)]
    [InlineData(ConsentPurpose.Contact, ContactChannel.Web, false)]
    public void Staff_record_a_consent_only_for_a_purpose_with_wording_and_as_told_to_them(ConsentPurpose purpose, ContactChannel channel, bool recordable)
    {
        Assert.Equal(recordable, PersonContacts.WordingFor(purpose, true) is not null && PersonContacts.IsStaffChannel(channel));
    }

    [Fact]
    public void Mail_is_in_english_only_for_someone_who_chose_it()
    {
        var person = new PersonBuilder().Build();

        person.PreferLanguage("en");
        Assert.Equal("en", person.PreferredLanguage);
        person.PreferLanguage("fr");
        Assert.Equal("ja", person.PreferredLanguage);
    }

    [Fact]
    public void A_save_stamps_the_first_save_once_and_every_change()
    {
        var person = new PersonBuilder().Build();

        person.StampSaved(Now, added: true, changed: true);
        person.StampSaved(Now.AddDays(1), added: false, changed: true);
        person.StampSaved(Now.AddDays(2), added: false, changed: false);

        Assert.Equal((Now, Now.AddDays(1)), (person.CreatedAt, person.UpdatedAt));
    }
}
