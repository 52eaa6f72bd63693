/** Subscriptions read at once per question (each costs two or three requests): enough for most tenants in one round. */
export const FAN_OUT = 32;
