/**
 * Ferry's implementations of the converters that Apache Kafka Connect ships inside its runtime, under the same class
 * names, so worker and connector configs that name them keep working and plugin listings stay the same.
 */
package org.apache.kafka.connect.converters;
