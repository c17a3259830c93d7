using Granary.Grains.Common;
using Granary.Grains.Events;
using Granary.Grains.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Grains.Payments;

/// <summary>
/// A simulated payment provider's record of one order (keyed by order id). The first charge decides; repeats
/// answer the same outcome, and a refund of a payment never charged voids it, so a charge arriving late takes nothing.
/// </summary>
internal sealed class PaymentGrain : Grain, IPaymentGrain
{
    private readonly IPersistentState<PaymentState> _state;
    private readonly PaymentOptions _options;
    private readonly TimeProvider _time;
    private readonly EventOutbox<PaymentState> _outbox;

    public PaymentGrain(
        [PersistentState("payment")] IPersistentState<PaymentState> state,
        IOptions<PaymentOptions> options,
        TimeProvider time,
        ILogger<PaymentGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _time = time;
        _outbox = new EventOutbox<PaymentState>(this, state, logger);
    }

    private Guid OrderId => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _outbox.PublishAsync();


    public Task<PaymentView> Get() => Task.FromResult(View());

    public async Task<PaymentView> Charge(ChargeRequest request)
    {
        var errors = new ValidationErrors();
        errors.Require(request.Amount.Amount > 0, "amount", "must be greater than 0");
        errors.Require(Money.IsCurrencyCode(request.Amount.Currency), "amount.currency", "must be an ISO 4217 code");
        errors.RequireText(request.Token, "token", PaymentTokens.MaxLength);
        errors.ThrowIfAny();
        if (_state.State.Status != PaymentStatus.None)
        {
            return View();
        }

        if (string.Equals(request.Token, PaymentTokens.Slow, StringComparison.Ordinal))
        {
            await Task.Delay(_options.SlowDelay, _time);
        }

        var payment = _state.State;
        payment.UserId = request.UserId;
        payment.Amount = request.Amount;
        if (string.Equals(request.Token, PaymentTokens.Decline, StringComparison.Ordinal))
        {
            payment.Status = PaymentStatus.Declined;
            payment.DeclineReason = "card declined";
            await SaveAsync(null);
        }
        else
        {
            payment.Status = PaymentStatus.Captured;
            payment.PaymentId = $"pay_{OrderId:N}";
            await SaveAsync(new PaymentCaptured(OrderId, payment.UserId, request.Amount, payment.PaymentId));
        }

        return View();
    }

    public async Task<PaymentView> Refund()
    {
        var payment = _state.State;
        switch (payment.Status)
        {
            case PaymentStatus.Captured:
                payment.Status = PaymentStatus.Refunded;
                await SaveAsync(new PaymentRefunded(OrderId, payment.UserId, payment.Amount!.Value, payment.PaymentId!));
                break;
            case PaymentStatus.None:
                payment.Status = PaymentStatus.Voided;
                await SaveAsync(null);
                break;
        }

        return View();
    }

    private async Task SaveAsync(PaymentEvent? @event)
    {
        _state.State.Version++;
        _state.State.UpdatedAt = _time.GetUtcNow();
        if (@event is not null)
        {
            _outbox.Add(StreamId.Create(ShopStreams.UserEvents, @event.UserId), @event, _state.State.Version, _state.State.UpdatedAt.Value);
        }

        await _outbox.WriteAndPublishAsync();
    }

    private PaymentView View()
    {
        var p = _state.State;
        return new PaymentView(OrderId, p.Status, p.Amount, p.PaymentId, p.DeclineReason, p.UpdatedAt);
    }
}
