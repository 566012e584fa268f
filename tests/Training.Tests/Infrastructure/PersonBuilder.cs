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
    private int? _areaId;
    private int? _birthYear;
    private Sex _sex = Sex.NotRecorded;
    private int? _importBatchId;

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

    public PersonBuilder InArea(Training.Organisations.Area? area)
    {
        _area = area;
        return this;
    }

    /// <summary>In the area of this id (an area saved before the person is built).</summary>
    public PersonBuilder InArea(int? areaId)
    {
        _areaId = areaId;
        return this;
    }

    public PersonBuilder BornIn(int? year)
    {
        _birthYear = year;
        return this;
    }

    public PersonBuilder OfSex(Sex sex)
    {
        _sex = sex;
        return this;
    }

    /// <summary>Added by an import that may still be taken back.</summary>
    public PersonBuilder FromImport(int batchId)
    {
        _importBatchId = batchId;
        return this;
    }

    public Person Build() => Person.Create(_familyName, _givenName, _familyKana, _givenKana, email: _email, phone: _phone,
        areaId: _areaId, area: _area, birthYear: _birthYear, sex: _sex, importBatchId: _importBatchId);
}
