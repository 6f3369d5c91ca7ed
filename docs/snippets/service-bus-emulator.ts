// For the Service Bus transport's README: the namespace it names is the development emulator the tests run.
const connectionString = process.env.SERVICEBUS_CONNECTION_STRING;
process.env.SERVICEBUS_CONNECTION_STRING = process.env.ASB_EMULATOR_CONNECTION_STRING;

// @snippet

if (connectionString === undefined) delete process.env.SERVICEBUS_CONNECTION_STRING;
else process.env.SERVICEBUS_CONNECTION_STRING = connectionString;
