import { aConnectionCutMidStreamIsRecoveredAndNoMessageIsLost } from './bus-level/a-connection-cut-mid-stream-is-recovered-and-no-message-is-lost.js';
import { aConnectionLostMidStreamIsRecoveredWithItsTemporaryEndpoints } from './bus-level/a-connection-lost-mid-stream-is-recovered-with-its-temporary-endpoints.js';
import { aConsumerThatDiesBeforeAcknowledgingHasTheMessageDeliveredAgain } from './bus-level/a-consumer-that-dies-before-acknowledging-has-the-message-delivered-again.js';
import { aFailingMessageIsRetriedAfterEachDelayThenDeadLetteredWithItsError } from './bus-level/a-failing-message-is-retried-after-each-delay-then-dead-lettered-with-its-error.js';
import { aHandlerSlowerThanTheLockOrSessionTimeoutIsHandledOnce } from './bus-level/a-handler-slower-than-the-lock-or-session-timeout-is-handled-once.js';
import { aHandlerThatOutlivesTheShutdownTimeoutIsAbortedAndItsMessageDeliveredAgain } from './bus-level/a-handler-that-outlives-the-shutdown-timeout-is-aborted-and-its-message-delivered-again.js';
import { aMessageArrivesWithItsBodyAndEveryHeaderIntact } from './bus-level/a-message-arrives-with-its-body-and-every-header-intact.js';
import { aMessageOverTheBrokersSizeLimitIsRefusedAndNothingIsSent } from './bus-level/a-message-over-the-brokers-size-limit-is-refused-and-nothing-is-sent.js';
import { aMessageRejectedByItsHandlerIsDeliveredAgain } from './bus-level/a-message-rejected-by-its-handler-is-delivered-again.js';
import { aMessageThatFailsValidationIsDeadLetteredWithoutRetries } from './bus-level/a-message-that-fails-validation-is-dead-lettered-without-retries.js';
import { aOneMegabyteMessageArrivesWhole } from './bus-level/a-one-megabyte-message-arrives-whole.js';
import { aReplayedDeadLetterIsHandledOnceWithAFreshAttemptCount } from './bus-level/a-replayed-dead-letter-is-handled-once-with-a-fresh-attempt-count.js';
import { aStoppedBusRefusesToStartAgain } from './bus-level/a-stopped-bus-refuses-to-start-again.js';
import { anEndpointNeverRunsMoreHandlersAtOnceThanItsConcurrency } from './bus-level/an-endpoint-never-runs-more-handlers-at-once-than-its-concurrency.js';
import { anUndecodableMessageIsDeadLetteredWithoutRetriesAndTheConsumerGoesOn } from './bus-level/an-undecodable-message-is-dead-lettered-without-retries-and-the-consumer-goes-on.js';
import { everySubscribedEndpointGetsItsOwnCopyOfTheTypesItSubscribedTo } from './bus-level/every-subscribed-endpoint-gets-its-own-copy-of-the-types-it-subscribed-to.js';
import { instancesOfOneEndpointShareTheLoadAndHandleEachMessageOnce } from './bus-level/instances-of-one-endpoint-share-the-load-and-handle-each-message-once.js';
import { messagesWithOneKeyAreHandledInPublishOrderUnderConcurrency } from './bus-level/messages-with-one-key-are-handled-in-publish-order-under-concurrency.js';
import { provisioningATopologyAgainKeepsQueuedMessagesAndBindings } from './bus-level/provisioning-a-topology-again-keeps-queued-messages-and-bindings.js';
import { publishingNeverCreatesATopicAndAPublishToAnUndeclaredOneFails } from './bus-level/publishing-never-creates-a-topic-and-a-publish-to-an-undeclared-one-fails.js';
import { stoppingABusLetsRunningHandlersFinishAndNothingIsRedelivered } from './bus-level/stopping-a-bus-lets-running-handlers-finish-and-nothing-is-redelivered.js';
import { stoppingABusTwiceOrAtOnceFromTwoCallersIsHarmless } from './bus-level/stopping-a-bus-twice-or-at-once-from-two-callers-is-harmless.js';
import { strictTopicsRefuseATopicTheBusDidNotDeclareNamingTheFix } from './bus-level/strict-topics-refuse-a-topic-the-bus-did-not-declare-naming-the-fix.js';
import type { ConformanceSituation } from './conformance-situation.js';
import { aBodyThatIsNotTextArrivesByteForByte } from './transport-level/a-body-that-is-not-text-arrives-byte-for-byte.js';
import { aClosedTransportClosesAgainHarmlesslyAndRefusesToConnect } from './transport-level/a-closed-transport-closes-again-harmlessly-and-refuses-to-connect.js';
import { aConsumerIsHandedOnlyTheTypesItsEndpointSubscribedTo } from './transport-level/a-consumer-is-handed-only-the-types-its-endpoint-subscribed-to.js';
import { aConsumerNeverRunsMoreDeliveriesAtOnceThanItsConcurrency } from './transport-level/a-consumer-never-runs-more-deliveries-at-once-than-its-concurrency.js';
import { aDeadLetteredDeliveryIsListedWithItsFailureAndCanBePurged } from './transport-level/a-dead-lettered-delivery-is-listed-with-its-failure-and-can-be-purged.js';
import { aDeliveryRetriedLaterComesBackAfterTheDelayWithTheNextAttempt } from './transport-level/a-delivery-retried-later-comes-back-after-the-delay-with-the-next-attempt.js';
import { aDuplicateMessageIdIsDroppedByTheBroker } from './transport-level/a-duplicate-message-id-is-dropped-by-the-broker.js';
import { aMandatoryMessageNoEndpointSubscribesToIsRefusedAsUnroutable } from './transport-level/a-mandatory-message-no-endpoint-subscribes-to-is-refused-as-unroutable.js';
import { aMessageNoEndpointSubscribesToIsAcceptedWhenNotMandatory } from './transport-level/a-message-no-endpoint-subscribes-to-is-accepted-when-not-mandatory.js';
import { aMessageSentBeforeAnyoneConsumesWaitsInItsEndpoint } from './transport-level/a-message-sent-before-anyone-consumes-waits-in-its-endpoint.js';
import { aReleasedDeliveryIsHandedOutAgainWithoutCountingAnAttempt } from './transport-level/a-released-delivery-is-handed-out-again-without-counting-an-attempt.js';
import { aSendToATopicThatDoesNotExistIsRefusedNamingTheTopic } from './transport-level/a-send-to-a-topic-that-does-not-exist-is-refused-naming-the-topic.js';
import { aSentMessageReachesTheConsumerOfItsEndpointUnchanged } from './transport-level/a-sent-message-reaches-the-consumer-of-its-endpoint-unchanged.js';
import { aTransportDescribesEveryTopicAndEndpointInAsyncApiWithoutConnecting } from './transport-level/a-transport-describes-every-topic-and-endpoint-in-asyncapi-without-connecting.js';
import { aTransportReportsItsConnectionInHealth } from './transport-level/a-transport-reports-its-connection-in-health.js';
import { closingATransportWithUnsettledDeliveriesGivesThemBackToTheBroker } from './transport-level/closing-a-transport-with-unsettled-deliveries-gives-them-back-to-the-broker.js';
import { losingTheConnectionDuringAPublishBatchLosesNoAcceptedMessage } from './transport-level/losing-the-connection-during-a-publish-batch-loses-no-accepted-message.js';
import { settlingADeliveryTwiceMovesTheMessageOnlyOnce } from './transport-level/settling-a-delivery-twice-moves-the-message-only-once.js';
import { simulatingAConnectionLossBeforeConnectingDoesNothing } from './transport-level/simulating-a-connection-loss-before-connecting-does-nothing.js';
import { stoppingASubscriptionWaitsForTheDeliveriesItHandedOut } from './transport-level/stopping-a-subscription-waits-for-the-deliveries-it-handed-out.js';

/** Situations that drive the Transport SPI directly: when one fails, the transport is at fault. */
export const transportSituations: readonly ConformanceSituation[] = [
  aBodyThatIsNotTextArrivesByteForByte,
  aClosedTransportClosesAgainHarmlesslyAndRefusesToConnect,
  aConsumerIsHandedOnlyTheTypesItsEndpointSubscribedTo,
  aConsumerNeverRunsMoreDeliveriesAtOnceThanItsConcurrency,
  aDeadLetteredDeliveryIsListedWithItsFailureAndCanBePurged,
  aDeliveryRetriedLaterComesBackAfterTheDelayWithTheNextAttempt,
  aDuplicateMessageIdIsDroppedByTheBroker,
  aMandatoryMessageNoEndpointSubscribesToIsRefusedAsUnroutable,
  aMessageNoEndpointSubscribesToIsAcceptedWhenNotMandatory,
  aMessageSentBeforeAnyoneConsumesWaitsInItsEndpoint,
  aReleasedDeliveryIsHandedOutAgainWithoutCountingAnAttempt,
  aSendToATopicThatDoesNotExistIsRefusedNamingTheTopic,
  aSentMessageReachesTheConsumerOfItsEndpointUnchanged,
  aTransportDescribesEveryTopicAndEndpointInAsyncApiWithoutConnecting,
  aTransportReportsItsConnectionInHealth,
  closingATransportWithUnsettledDeliveriesGivesThemBackToTheBroker,
  losingTheConnectionDuringAPublishBatchLosesNoAcceptedMessage,
  settlingADeliveryTwiceMovesTheMessageOnlyOnce,
  simulatingAConnectionLossBeforeConnectingDoesNothing,
  stoppingASubscriptionWaitsForTheDeliveriesItHandedOut,
];

/** Situations that go through a bus (`createMessaging`): core and the transport together, as applications use them. */
export const busSituations: readonly ConformanceSituation[] = [
  aConnectionCutMidStreamIsRecoveredAndNoMessageIsLost,
  aConnectionLostMidStreamIsRecoveredWithItsTemporaryEndpoints,
  aConsumerThatDiesBeforeAcknowledgingHasTheMessageDeliveredAgain,
  aFailingMessageIsRetriedAfterEachDelayThenDeadLetteredWithItsError,
  aHandlerSlowerThanTheLockOrSessionTimeoutIsHandledOnce,
  aHandlerThatOutlivesTheShutdownTimeoutIsAbortedAndItsMessageDeliveredAgain,
  aMessageArrivesWithItsBodyAndEveryHeaderIntact,
  aMessageOverTheBrokersSizeLimitIsRefusedAndNothingIsSent,
  aMessageRejectedByItsHandlerIsDeliveredAgain,
  aMessageThatFailsValidationIsDeadLetteredWithoutRetries,
  aOneMegabyteMessageArrivesWhole,
  aReplayedDeadLetterIsHandledOnceWithAFreshAttemptCount,
  aStoppedBusRefusesToStartAgain,
  anEndpointNeverRunsMoreHandlersAtOnceThanItsConcurrency,
  anUndecodableMessageIsDeadLetteredWithoutRetriesAndTheConsumerGoesOn,
  everySubscribedEndpointGetsItsOwnCopyOfTheTypesItSubscribedTo,
  instancesOfOneEndpointShareTheLoadAndHandleEachMessageOnce,
  messagesWithOneKeyAreHandledInPublishOrderUnderConcurrency,
  provisioningATopologyAgainKeepsQueuedMessagesAndBindings,
  publishingNeverCreatesATopicAndAPublishToAnUndeclaredOneFails,
  stoppingABusLetsRunningHandlersFinishAndNothingIsRedelivered,
  stoppingABusTwiceOrAtOnceFromTwoCallersIsHarmless,
  strictTopicsRefuseATopicTheBusDidNotDeclareNamingTheFix,
];

/** Every situation, transport level first: the specification a transport is held to. */
export const conformanceSituations: readonly ConformanceSituation[] = [
  ...transportSituations,
  ...busSituations,
];
