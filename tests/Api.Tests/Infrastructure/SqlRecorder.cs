using System.Collections.Concurrent;
using Marten;
using Marten.Services;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>Records the SQL (and parameters) of every Marten command, so a test can assert on what a request read.</summary>
public sealed class SqlRecorder : IMartenLogger, IMartenSessionLogger
{
    private readonly ConcurrentQueue<RecordedSql> _commands = new();

    public IReadOnlyList<RecordedSql> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql)
    {
    }

    public void LogSuccess(NpgsqlCommand command) => Record(command);

    public void LogFailure(NpgsqlCommand command, Exception ex) => Record(command);

    public void LogSuccess(NpgsqlBatch batch)
    {
        foreach (var command in batch.BatchCommands)
        {
            _commands.Enqueue(new RecordedSql(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value)]));
        }
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex) => LogSuccess(batch);

    public void LogFailure(Exception ex, string message)
    {
    }

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Record(NpgsqlCommand command) =>
        _commands.Enqueue(new RecordedSql(command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Value)]));
}

public sealed record RecordedSql(string Text, object?[] Parameters);
