namespace Gateway.Sources.Crm;

/// <summary>The OAuth scopes that guard CRM changes (reading customers is open).</summary>
public static class CrmScopes
{
    /// <summary>Changing a customer's contact details.</summary>
    public const string Write = "crm:write";
}
