import pandas as pd
from upload import Upload

class Display:
    def __init__(self, upload: Upload):
        self.upload = upload
        self.data_frame = upload.data_frame

    def display(self):
        if self.data_frame is not None:
            print(self.data_frame)
        else:
            print("No data available")

    def filter(self, column_name: str, value: any):
        if self.data_frame is not None:
            self.data_frame = self.data_frame[self.data_frame[column_name] == value]
        else:
            print("No data available")

    def sort(self, column_name: str):
        if self.data_frame is not None:
            self.data_frame = self.data_frame.sort_values(by=column_name)
        else:
            print("No data available")

# Example usage
if __name__ == "__main__":
    upload = Upload()
    upload.upload("example.xlsx")
    display = Display(upload)
    display.display()
    display.filter("column_name", "value")
    display.sort("column_name")
