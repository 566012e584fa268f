namespace Training.Configuration;

/// <summary>Section "Staff": what coordinators tied to districts may change beyond their districts.</summary>
public class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>Whether a district coordinator may change the city-wide programs of their own organisation (the council
    /// that runs a program for every district). Off: city-wide programs are for administrators and city-wide staff.</summary>
    public bool CoordinatorsChangeOwnCityWidePrograms { get; set; }

    /// <summary>Administrators must sign in with an authenticator app's code as well as their password.</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}
