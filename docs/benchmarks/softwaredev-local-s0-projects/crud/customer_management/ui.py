import sqlite3
from customer import Customer

class UI:
    def __init__(self, cursor, conn):
        self.cursor = cursor
        self.conn = conn

    def start(self):
        while True:
            print("\nCustomer Management System")
            print("1. Add Customer")
            print("2. Delete Customer")
            print("3. Modify Customer")
            print("4. Query Customer")
            print("5. Exit")
            choice = input("Enter your choice: ")

            if choice == "1":
                name = input("Enter customer name: ")
                birthday = input("Enter customer birthday: ")
                age = input("Enter customer age: ")
                sex = input("Enter customer sex: ")
                phone = input("Enter customer phone: ")
                customer = Customer(name, birthday, age, sex, phone)
                customer.add()
                print("Customer added successfully!")
            elif choice == "2":
                name = input("Enter customer name: ")
                customer = Customer(name)
                customer.delete()
                print("Customer deleted successfully!")
            elif choice == "3":
                name = input("Enter customer name: ")
                customer = Customer(name)
                customer.modify()
                print("Customer modified successfully!")
            elif choice == "4":
                name = input("Enter customer name: ")
                customer = Customer(name)
                result = customer.query()
                if result is not None:
                    print("Customer found:")
                    print("Name:", result[0])
                    print("Birthday:", result[1])
                    print("Age:", result[2])
                    print("Sex:", result[3])
                    print("Phone:", result[4])
                else:
                    print("Customer not found!")
            elif choice == "5":
                print("Exiting the program...")
                break
            else:
                print("Invalid choice. Please try again.")

if __name__ == "__main__":
    main()
