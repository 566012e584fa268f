using Training.People;

namespace Training.Tests.Infrastructure;

/// <summary>Test data builder for residents: sensible defaults, override only what a test is about.</summary>
public class PersonBuilder
{
    private string _familyName = "山田";
    private string _givenName = "花子";
    private string _familyKana = "やまだ";
    private string _givenKana = "はなこ";
    private string? _email;
    private string? _phone = "0551-22-0000";
    private Training.Organisations.Area? _area;

    public PersonBuilder Named(string family, string given, string familyKana, string givenKana)
    {
        (_familyName, _givenName, _familyKana, _givenKana) = (family, given, familyKana, givenKana);
        return this;
    }

    public PersonBuilder WithEmail(string? email)
    {
        _email = email;
        return this;
    }

    public PersonBuilder WithPhone(string? phone)
    {
        _phone = phone;
        return this;
    }

    public PersonBuilder InArea(Training.Organisations.Area area)
    {
        _area = area;
        return this;
    }

    public Person Build() => new()
    {
        FamilyName = _familyName,
        GivenName = _givenName,
        FamilyNameKana = _familyKana,
        GivenNameKana = _givenKana,
        Email = _email,
        Phone = _phone,
        Area = _area,
    };
}
