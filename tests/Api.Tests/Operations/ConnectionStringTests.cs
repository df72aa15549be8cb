using Desktomy.Email.Application.Persistence;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Operations;

public sealed class ConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Username=app", true)]
    [InlineData("Host=db;Username=app;No Reset On Close=false", false)]
    [InlineData("Host=db;Username=app;noresetonclose=false", false)]
    [InlineData("Host=db;Username=app;No Reset On Close=true", true)]
    public void connections_are_not_reset_on_return_unless_the_operator_says_so(string configured, bool expected)
    {
        var used = new NpgsqlConnectionStringBuilder(MartenSetup.WithoutConnectionReset(configured));

        Assert.Equal(expected, used.NoResetOnClose);
        Assert.Equal("db", used.Host);
        Assert.Equal("app", used.Username);
    }

    [Theory]
    [InlineData("Host=db;Username=app", 64)]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;maxautoprepare=10", 10)]
    public void frequent_statements_are_prepared_unless_the_operator_says_otherwise(string configured, int expected)
    {
        var used = new NpgsqlConnectionStringBuilder(MartenSetup.WithPreparedStatements(configured));

        Assert.Equal(expected, used.MaxAutoPrepare);
        Assert.Equal(expected == 64 ? 2 : 5, used.AutoPrepareMinUsages);
        Assert.Equal("db", used.Host);
    }
}
